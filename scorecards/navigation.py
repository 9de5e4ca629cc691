from srm.core.navigation import MenuItem, SupplierTab, register_menu, register_supplier_tabs

register_menu(
    MenuItem(
        "Performance",
        "Portfolio scorecards",
        "scorecards:portfolio",
        "scorecards.Scorecard",
        order=10,
    ),
    MenuItem(
        "Performance",
        "Corrective actions",
        "scorecards:corrective_action_list",
        "scorecards.CorrectiveAction",
        order=20,
    ),
    MenuItem(
        "Performance",
        "What-if",
        "scorecards:what_if",
        "scorecards.KpiDefinition",
        action="change",
        order=30,
    ),
    MenuItem(
        "Performance",
        "KPI definitions",
        "scorecards:kpi_list",
        "scorecards.KpiDefinition",
        order=40,
    ),
    MenuItem("Data", "Recompute runs", "scorecards:run_list", "scorecards.RecomputeRun", order=20),
)
register_supplier_tabs(
    SupplierTab(
        "scorecard", "Scorecard", "scorecards:supplier_scorecard", "scorecards.Scorecard", order=10
    ),
)
