"""The monthly steering review (SPEC §4, issue 4 §6).

The page, the PDF and the API are built from one call, ``review_build``: each
registered section's ``context(user, period)`` is computed once and then rendered
(page, PDF) or returned as JSON (API), so all three show the same numbers.

Governance registers its own sections here: decisions taken and pending, overdue
actions, renewals and expiring certificates. Other apps register theirs in their
``AppConfig.ready`` through ``srm.core.review.register_review_section``.
"""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from srm.core import permissions
from srm.core.review import REVIEW_SECTIONS, ReviewSection, register_review_section
from suppliers import selectors as supplier_selectors

from . import selectors
from .models import ActionItem, DecisionRequest, DisputeStep

logger = logging.getLogger(__name__)

PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")
LIST_LIMIT = 25


def parse_period(value: str) -> date:
    """``"2026-10"`` → ``date(2026, 10, 1)``; anything else is a 404."""
    match = PERIOD_RE.match(value or "")
    if not match:
        raise Http404("A review period is written YYYY-MM.")
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404("No such month.")
    return date(year, month, 1)


def default_period(today: date | None = None) -> date:
    """The month the steering group reviews: the last complete month."""
    today = today or timezone.localdate()
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def reviewed_month(meeting_day: date) -> date:
    """The month a meeting reviews: the one before the month it is held in (a meeting on
    8 December reviews November)."""
    return (meeting_day.replace(day=1) - timedelta(days=1)).replace(day=1)


def month_end(period: date) -> date:
    return period.replace(day=calendar.monthrange(period.year, period.month)[1])


def _as_of(period: date) -> date:
    """The day the review looks from: the month's last day, or today in the current month."""
    return min(month_end(period), timezone.localdate())


def _bounds(period: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(period, time.min))
    end = timezone.make_aware(datetime.combine(month_end(period) + timedelta(days=1), time.min))
    return start, end


def _day(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


# --- governance sections ------------------------------------------------------------------


def decisions_context(user, period: date) -> dict | None:
    """Decisions taken in the month (approved, applied or rejected) and those pending at
    its end, with their sign-offs; disputes opened, escalated and resolved."""
    if not permissions.can(user, "view", DecisionRequest):
        return None
    start, end = _bounds(period)
    requests = selectors.decision_request_list(user=user).prefetch_related(
        "sign_offs__signer", "sign_offs__role"
    )
    taken = list(requests.filter(decided_at__gte=start, decided_at__lt=end).order_by("decided_at"))
    pending = list(
        requests.filter(submitted_at__lt=end)
        .filter(Q(decided_at__isnull=True) | Q(decided_at__gte=end))
        .exclude(state=DecisionRequest.State.DRAFT)
        .order_by("submitted_at")
    )

    def row(r: DecisionRequest) -> dict:
        return {
            "id": r.pk,
            "title": r.title,
            "type": r.decision_type.name,
            "supplier": r.supplier.code if r.supplier_id else str(_("portfolio")),
            "state": r.state,
            "path": r.path,
            "submitted": _day(r.submitted_at),
            "decided": _day(r.decided_at) if r.decided_at and r.decided_at < end else "",
            "sign_offs": [
                f"{s.role.name}: {s.signer.get_full_name() or s.signer.get_username()}"
                for s in r.sign_offs.all()
                if s.signed_at < end
            ],
            "link": r.get_absolute_url(),
        }

    approved = [r for r in taken if r.state != DecisionRequest.State.REJECTED]
    by_type: dict[str, dict] = {}
    for r in taken:
        entry = by_type.setdefault(
            r.decision_type.name, {"label": r.decision_type.name, "approved": 0, "rejected": 0}
        )
        entry["rejected" if r.state == DecisionRequest.State.REJECTED else "approved"] += 1
    disputes = selectors.dispute_list(user=user)
    context = {
        "counts": {
            "taken": len(taken),
            "approved": len(approved),
            "rejected": len(taken) - len(approved),
            "pending": len(pending),
        },
        "by_type": sorted(by_type.values(), key=lambda e: e["label"]),
        "taken": [row(r) for r in taken[:LIST_LIMIT]],
        # What the signers see, for each decision still to be taken (SPEC §3).
        "pending": [
            {**row(r), "impact": selectors.decision_request_impact(request=r, today=_as_of(period))}
            for r in pending[:LIST_LIMIT]
        ],
        "disputes": {
            **disputes.aggregate(
                opened=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
                resolved=Count("pk", filter=Q(resolved_at__gte=start, resolved_at__lt=end)),
                open_at_end=Count(
                    "pk",
                    filter=Q(created_at__lt=end)
                    & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=end)),
                ),
            ),
            "escalated": DisputeStep.objects.filter(
                dispute__in=disputes.values("pk"),
                level__gt=1,
                started_at__gte=start,
                started_at__lt=end,
            ).count(),
        },
    }
    return context


def actions_context(user, period: date) -> dict | None:
    """Action items overdue on the review day: due before it and not done by then."""
    if not permissions.can(user, "view", ActionItem):
        return None
    as_of = _as_of(period)
    as_of_end = timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))
    overdue = list(
        selectors.action_item_list(user=user)
        .filter(due_date__lt=as_of, created_at__lt=as_of_end)
        .exclude(status=ActionItem.Status.CANCELLED)
        .filter(Q(completed_at__isnull=True) | Q(completed_at__gte=as_of_end))
        .order_by("due_date", "pk")
    )
    by_owner: dict[str, int] = {}
    for item in overdue:
        name = item.owner.get_full_name() if item.owner else "no owner"
        by_owner[name] = by_owner.get(name, 0) + 1
    return {
        "as_of": as_of.isoformat(),
        "count": len(overdue),
        "by_owner": [
            {"label": name, "value": n}
            for name, n in sorted(by_owner.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "items": [
            {
                "id": item.pk,
                "title": item.title,
                "owner": item.owner.get_full_name() if item.owner else "",
                "due": item.due_date.isoformat(),
                "days_overdue": (as_of - item.due_date).days,
                "supplier": item.supplier.code if item.supplier else "",
                "link": item.get_absolute_url(),
            }
            for item in overdue[:LIST_LIMIT]
        ],
    }


def renewals_context(user, period: date) -> dict | None:
    """Contracts renewing within 90 days and certificates expired or expiring within 60
    days of the review day."""
    see_contracts = permissions.can(user, "view", supplier_selectors.Contract)
    see_certificates = permissions.can(user, "view", supplier_selectors.Certificate)
    if not (see_contracts or see_certificates):
        return None
    as_of = _as_of(period)
    contracts = (
        list(supplier_selectors.contracts_renewing(user=user, today=as_of)) if see_contracts else []
    )
    certificates = (
        list(supplier_selectors.certificates_expiring(user=user, today=as_of))
        if see_certificates
        else []
    )
    return {
        "as_of": as_of.isoformat(),
        "contract_count": len(contracts),
        "notice_passed_count": sum(1 for c in contracts if c.notice_flag(as_of)),
        "certificate_count": len(certificates),
        "expired_count": sum(1 for c in certificates if c.expires_on < as_of),
        "contracts": [
            {
                "number": c.number,
                "supplier": c.supplier.name,
                "supplier_code": c.supplier.code,
                "renews": (c.renewal_date or c.end_date).isoformat(),
                "days": ((c.renewal_date or c.end_date) - as_of).days,
                "auto_renew": c.auto_renew,
                "notice_deadline": c.notice_deadline.isoformat() if c.notice_deadline else None,
                "notice_flag": c.notice_flag(as_of),
                "link": c.get_absolute_url(),
            }
            for c in contracts[:LIST_LIMIT]
        ],
        "certificates": [
            {
                "supplier": c.supplier.name,
                "supplier_code": c.supplier.code,
                "kind": c.get_kind_display(),
                "expires": c.expires_on.isoformat(),
                "days": (c.expires_on - as_of).days,
                "link": c.supplier.get_absolute_url(),
            }
            for c in certificates[:LIST_LIMIT]
        ],
    }


GOVERNANCE_SECTIONS = (
    ReviewSection(
        "decisions",
        "Decisions taken and pending",
        "governance/review/decisions.html",
        decisions_context,
        order=60,
    ),
    ReviewSection(
        "actions_overdue",
        "Overdue actions",
        "governance/review/actions.html",
        actions_context,
        order=70,
    ),
    ReviewSection(
        "renewals",
        "Renewals and expiring certificates",
        "governance/review/renewals.html",
        renewals_context,
        order=80,
    ),
)


def register() -> None:
    for section in GOVERNANCE_SECTIONS:
        register_review_section(section)


# --- the frame ----------------------------------------------------------------------------


@dataclass
class BuiltSection:
    section: ReviewSection
    context: dict | None
    error: str = ""

    @property
    def key(self) -> str:
        return self.section.key


def review_build(*, user, period: date) -> list[BuiltSection]:
    """Every registered section's context for ``period``, computed once, in order.

    A section whose context is ``None`` is hidden. One that fails is reported as failed
    (and logged) instead of taking the whole review down.
    """
    built = []
    for section in list(REVIEW_SECTIONS):
        try:
            with transaction.atomic():
                context = section.context(user, period)
        except Exception:
            logger.exception("review section %s failed for %s", section.key, period)
            built.append(BuiltSection(section, None, error="This section could not be built."))
            continue
        if context is not None:
            built.append(BuiltSection(section, context))
    return built


def review_summary(built: list[BuiltSection]) -> list[dict]:
    """The review's opening lines, "what needs deciding": decisions pending, overdue
    actions, contracts past their notice deadline, certificates expired; each with the
    section it comes from. Only what the user's sections show, and only non-zero."""
    contexts = {b.key: b.context or {} for b in built}
    decisions = contexts.get("decisions", {})
    renewals = contexts.get("renewals", {})
    lines = [
        ("decisions", decisions.get("counts", {}).get("pending"), _("decisions wait for sign-off")),
        ("actions_overdue", contexts.get("actions_overdue", {}).get("count"), _("actions overdue")),
        (
            "renewals",
            renewals.get("notice_passed_count"),
            _("contracts past their notice deadline (renew or terminate?)"),
        ),
        ("renewals", renewals.get("contract_count"), _("contracts renew in the next 90 days")),
        ("renewals", renewals.get("expired_count"), _("certificates expired")),
    ]
    return [{"section": key, "count": n, "label": str(label)} for key, n, label in lines if n]


def review_data(built: list[BuiltSection]) -> dict:
    """What the API returns: ``{section key: context}``."""
    return {b.key: b.context for b in built if b.context is not None}


def review_render_sections(built: list[BuiltSection], *, period: date, for_pdf: bool) -> list[dict]:
    """Each section rendered with its own template (the same for page and PDF).

    A section template gets its context's keys, plus ``period`` (a date), ``section``
    (the ``ReviewSection``) and ``for_pdf`` (True inside the PDF: no links, no scripts).
    """
    rendered = []
    for b in built:
        if b.context is None:
            html = ""
        else:
            html = render_to_string(
                b.section.template,
                {**b.context, "period": period, "section": b.section, "for_pdf": for_pdf},
            )
        rendered.append({"key": b.key, "title": b.section.title, "html": html, "error": b.error})
    return rendered
