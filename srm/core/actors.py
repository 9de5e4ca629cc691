class SystemActor:
    """Who acts when no person does: management commands, the nightly run, escalation timers.

    It passes every permission check and is written to the audit trail as ``system``.
    """

    pk = None
    id = None
    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = False
    supplier_id = None

    def get_username(self) -> str:
        return "system"

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()
