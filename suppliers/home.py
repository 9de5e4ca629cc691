"""The suppliers' panels of the start page (``srm.core.panels``): the portfolio by status,
certificates expiring, contracts renewing and the latest imports, within the user's reach."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from srm.core.panels import HomePanel
from srm.core.permissions import can, restrict
from srm.core.work import WorkSection, work_item

from . import selectors
from .contract_terms import notice_annotations
from .models import Certificate, Contract, ContractStatus, ImportBatch


def supplier_counts(user) -> dict:
    """Suppliers within reach, in total and by status (none for a user who sees none)."""
    status_counts = dict(
        selectors.supplier_list(user=user)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {"status_counts": status_counts, "supplier_total": sum(status_counts.values())}


def certificates_expiring(user) -> dict | None:
    if not can(user, "view", Certificate):
        return None
    today = timezone.localdate()
    return {"expiring": selectors.certificates_expiring(user=user, today=today)[:10]}


def contracts_renewing(user) -> dict | None:
    if not can(user, "view", Contract):
        return None
    today = timezone.localdate()
    return {"renewing": selectors.contracts_renewing(user=user, today=today)[:10]}


def recent_imports(user) -> dict | None:
    if not can(user, "view", ImportBatch):
        return None
    return {"imports": selectors.import_batch_list(user=user)[:5]}


PANELS = (
    HomePanel("supplier-counts", "suppliers/home/counts.html", supplier_counts, order=10),
    HomePanel(
        "certificates-expiring",
        "suppliers/home/certificates_expiring.html",
        certificates_expiring,
        order=20,
    ),
    HomePanel(
        "contracts-renewing", "suppliers/home/contracts_renewing.html", contracts_renewing, order=30
    ),
    HomePanel("recent-imports", "suppliers/home/imports.html", recent_imports, order=50),
)


# --- "my work" (srm.core.work) ------------------------------------------------------------

NOTICE_WARNING_DAYS = 60


def contracts_notice_due(user, today: date) -> list[dict] | None:
    """Active contracts the user owns whose notice deadline is within 60 days, or has
    passed while the renewal (or end) date is still ahead (flagged)."""
    if not can(user, "view", Contract):
        return None
    # The deadline is a date minus a per-row period: computed here, over the user's own
    # active contracts (one query), rather than in database-specific date arithmetic.
    rows = (
        Contract.objects.filter(owner=user, status=ContractStatus.ACTIVE)
        .filter(Q(renewal_date__gte=today) | Q(renewal_date__isnull=True, end_date__gte=today))
        .select_related("supplier")
        .annotate(**notice_annotations())  # the notice flag, in the same query
    )
    horizon = today + timedelta(days=NOTICE_WARNING_DAYS)
    due = sorted(
        (c for c in rows if c.notice_deadline and c.notice_deadline <= horizon),
        key=lambda c: (c.notice_deadline, c.number),
    )
    return [
        work_item(
            id=c.pk,
            kind="contract",
            title=f"{c.number} {c.title}",
            url=c.get_absolute_url(),
            due=c.notice_deadline,
            overdue=c.notice_deadline < today,
            flag=str(c.get_notice_flag_display(today)),
            detail=f"{c.supplier.code} · "
            + str(
                _("renews or ends %(day)s") % {"day": (c.renewal_date or c.end_date).isoformat()}
            ),
        )
        for c in due
    ]


def certificates_expiring_in_reach(user, today: date) -> list[dict] | None:
    """Certificates expired or expiring within 60 days for suppliers in reach, leaving out
    those already replaced by a later certificate of the same kind."""
    if not can(user, "view", Certificate):
        return None
    horizon = today + timedelta(days=selectors.CERTIFICATE_WARNING_DAYS)
    replaced = Certificate.objects.filter(
        supplier=OuterRef("supplier"), kind=OuterRef("kind"), expires_on__gt=horizon
    )
    rows = (
        restrict(Certificate.objects.all(), user)
        .filter(
            expires_on__lte=horizon, supplier__status__in=("onboarding", "approved", "suspended")
        )
        .exclude(Exists(replaced))
        .select_related("supplier")
        .order_by("expires_on", "pk")
    )
    return [
        work_item(
            id=c.pk,
            kind="certificate",
            title=f"{c.supplier.name}: {c.get_kind_display()}",
            url=c.supplier.get_absolute_url(),
            due=c.expires_on,
            overdue=c.expires_on < today,
            detail=c.supplier.code,
        )
        for c in rows
    ]


WORK_SECTIONS = (
    WorkSection(
        "contracts_notice",
        _("My contracts: notice deadline within 60 days"),
        contracts_notice_due,
        order=70,
    ),
    WorkSection(
        "certificates_expiring",
        _("Certificates expiring"),
        certificates_expiring_in_reach,
        order=80,
    ),
)
