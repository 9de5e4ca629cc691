from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "srm.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from . import navigation  # noqa: F401
