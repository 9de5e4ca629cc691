"""The user administration list."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from srm.core.tables import GovernedTable

from .models import User


class UserTable(GovernedTable):
    username = tables.Column(
        verbose_name=_("User name"), linkify=("accounts:user_detail", {"pk": tables.A("pk")})
    )
    full_name = tables.Column(verbose_name=_("Name"), empty_values=(), orderable=False)
    roles = tables.Column(verbose_name=_("Roles"), empty_values=(), orderable=False)
    supplier = tables.Column(verbose_name=_("Supplier"))
    is_active = tables.Column(verbose_name=_("Status"))
    last_login = tables.DateTimeColumn(verbose_name=_("Last sign-in"), short=True)

    class Meta:
        model = User
        fields = ("username", "full_name", "email", "roles", "supplier", "is_active", "last_login")
        attrs = {"class": "table table-sm align-top", "id": "user-table"}
        empty_text = _("No users match.")

    def render_full_name(self, record):
        return record.get_full_name()

    def render_roles(self, record):
        return ", ".join(sorted(g.role.name for g in record.groups.all() if hasattr(g, "role")))

    def render_is_active(self, value, record):
        if value:
            return _("active")
        if getattr(record, "open_invitations", None):
            return format_html('<span class="badge text-bg-info">{}</span>', _("invited"))
        return format_html('<span class="badge text-bg-secondary">{}</span>', _("deactivated"))
