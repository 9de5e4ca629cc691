from srm.core.navigation import MenuItem, register_menu

register_menu(MenuItem("Admin", "Users", "accounts:user_list", "accounts.User", order=40))
