from srm.core.navigation import MenuItem, register_menu

register_menu(MenuItem("Admin", "Audit trail", "audit:event_list", "audit.AuditEvent", order=50))
