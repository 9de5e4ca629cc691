"""The ``response_hours`` KPI input (SPEC §5): hours from each request sent to a supplier
to its first answer, grouped by supplier and the month the request was sent.
Registered with ``scorecards.sources`` in ``GovernanceConfig.ready``."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from .models import SupplierRequest

HOUR = Decimal(3600)
CENTS = Decimal("0.01")


def month_first(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def hours_between(start: datetime, end: datetime) -> Decimal:
    """Exact hours (no float) from ``start`` to ``end``, to two decimals."""
    delta = end - start
    seconds = Decimal(delta.days * 86400 + delta.seconds) + Decimal(delta.microseconds) / 10**6
    return (seconds / HOUR).quantize(CENTS)


def response_hours_source(period_from: date, period_to: date) -> dict[tuple[int, date], list]:
    """``{(supplier_id, first day of month): [hours, ...]}`` for the requests sent in the
    months from ``period_from`` to ``period_to`` (inclusive) that have been answered;
    the first answer counts. One query for the whole range."""
    start, end = _start_of(month_first(period_from)), _start_of(next_month(period_to))
    rows = (
        SupplierRequest.objects.filter(
            sent_at__gte=start, sent_at__lt=end, first_answered_at__isnull=False
        )
        .order_by("supplier_id", "sent_at", "pk")
        .values_list("supplier_id", "sent_at", "first_answered_at")
    )
    result: dict[tuple[int, date], list] = defaultdict(list)
    for supplier_id, sent_at, answered_at in rows.iterator(chunk_size=5000):
        month = month_first(timezone.localtime(sent_at).date())
        result[(supplier_id, month)].append(hours_between(sent_at, answered_at))
    return dict(result)


def response_hours_explain(supplier_id: int, period: date) -> list[dict]:
    """The requests behind a supplier's ``response_hours`` for a month (JSON-safe)."""
    start, end = _start_of(month_first(period)), _start_of(next_month(period))
    requests = SupplierRequest.objects.filter(
        supplier_id=supplier_id, sent_at__gte=start, sent_at__lt=end
    ).order_by("sent_at", "pk")
    return [
        {
            "id": r.pk,
            "subject": r.subject,
            "sent_at": r.sent_at.isoformat(),
            "first_answered_at": r.first_answered_at.isoformat() if r.first_answered_at else None,
            "hours": str(hours_between(r.sent_at, r.first_answered_at))
            if r.first_answered_at
            else None,
            "counted": r.first_answered_at is not None,
            "link": reverse("governance:request_detail", args=[r.pk]),
        }
        for r in requests
    ]
