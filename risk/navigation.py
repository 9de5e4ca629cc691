from srm.core.navigation import MenuItem, SupplierTab, register_menu, register_supplier_tabs

register_menu(
    MenuItem("Risk", "Risk register", "risk:register", "risk.RiskScore", order=10),
    MenuItem("Risk", "Overdue reviews", "risk:reviews", "risk.RiskScore", order=20),
    MenuItem("Risk", "Kraljic matrix", "risk:matrix", "risk.RiskScore", order=30),
    MenuItem("Risk", "Continuity", "risk:continuity", "risk.ContinuityPlan", order=40),
    MenuItem("Risk", "Regional view", "risk:regions", "risk.TrainingRecord", order=50),
    MenuItem("Risk", "Incidents", "risk:incident_list", "risk.Incident", order=55),
    MenuItem("Risk", "Dimensions and weights", "risk:dimensions", "risk.RiskDimension", order=60),
)
register_supplier_tabs(
    SupplierTab("risk", "Risk", "risk:supplier_risk", "risk.RiskScore", order=40),
)
