from srm.core.navigation import MenuItem, SupplierTab, register_menu, register_supplier_tabs

register_menu(
    MenuItem(
        "Collaboration", "Pilots", "collaboration:pilot_list", "collaboration.Pilot", order=10
    ),
    MenuItem("Collaboration", "Ideas", "collaboration:idea_list", "collaboration.Idea", order=20),
    MenuItem(
        "Collaboration",
        "Roadmap",
        "collaboration:roadmap_list",
        "collaboration.RoadmapItem",
        order=30,
    ),
    MenuItem(
        "Collaboration",
        "Forecasts",
        "collaboration:forecast_list",
        "collaboration.Forecast",
        order=40,
    ),
    MenuItem(
        "Collaboration",
        "Sharing policies",
        "collaboration:policy_list",
        "collaboration.SharingPolicy",
        action="change",
        order=50,
    ),
)
register_supplier_tabs(
    SupplierTab(
        "collaboration",
        "Collaboration",
        "collaboration:supplier_space",
        "collaboration.Pilot",
        order=60,
    ),
)
