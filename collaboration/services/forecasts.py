"""Joint demand forecasts: drafted and shared by the buyer, acknowledged by the supplier."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from srm.audit.services import audit_record
from srm.core.notifications import notification_send
from srm.core.services import model_create, model_update
from suppliers.models import Item, Supplier

from ..models import (
    Forecast,
    ForecastLine,
    SharingPolicy,
)
from .common import check_object, check_supplier, fsm_transition


def _line_rows(forecast: Forecast, lines: Iterable[dict]) -> list[ForecastLine]:
    rows, seen, errors = [], set(), []
    for number, line in enumerate(lines, start=1):
        item, month, quantity = line.get("item"), line.get("month"), line.get("quantity")
        if not isinstance(item, Item) or not isinstance(month, date) or quantity is None:
            errors.append(f"line {number}: needs an item, a month and a quantity")
            continue
        key = (item.pk, month)
        if key in seen:
            errors.append(f"line {number}: {item.code} {month:%Y-%m} is given twice")
            continue
        seen.add(key)
        row = ForecastLine(forecast=forecast, item=item, month=month, quantity=quantity)
        try:
            row.full_clean(exclude=["forecast"])
        except ValidationError as exc:
            errors.extend(f"line {number}: {m}" for m in exc.messages)
            continue
        rows.append(row)
    if errors:
        raise ValidationError({"lines": errors})
    return rows


@transaction.atomic
def forecast_create(
    *, actor, supplier: Supplier, title: str, lines: Iterable[dict], share: bool = False
) -> Forecast:
    """Draft a demand forecast: ``lines`` are ``{"item", "month", "quantity"}``. With
    ``share`` it goes to the supplier at once."""
    check_supplier(actor=actor, model=Forecast, action="add", supplier=supplier)
    lines = list(lines)
    if not lines:
        raise ValidationError({"lines": "A forecast needs at least one line."})
    forecast = model_create(
        actor=actor,
        model=Forecast,
        data={
            "supplier": supplier,
            "title": title,
            "created_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    rows = _line_rows(forecast, lines)
    ForecastLine.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="forecast_lines",
        instance=forecast,
        after={"lines": [[r.item.code, r.month, r.quantity] for r in rows]},
    )
    if share:
        forecast_share(actor=actor, forecast=forecast)
    return forecast


@transaction.atomic
def forecast_update(*, actor, forecast: Forecast, data: dict, lines=None) -> Forecast:
    """Change a draft forecast's title or replace its lines; a shared forecast is fixed."""
    unknown = set(data) - {"title"}
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} here.")
    check_object(actor=actor, action="change", obj=forecast)
    if lines is not None:
        if forecast.status != Forecast.Status.DRAFT:
            raise ValidationError({"lines": "Only a draft forecast's lines can change."})
        lines = list(lines)
        if not lines:
            raise ValidationError({"lines": "A forecast needs at least one line."})
        rows = _line_rows(forecast, lines)
        before = [[r.item.code, r.month, r.quantity] for r in forecast.lines.select_related("item")]
        forecast.lines.all().delete()
        ForecastLine.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action="forecast_lines",
            instance=forecast,
            before={"lines": before},
            after={"lines": [[r.item.code, r.month, r.quantity] for r in rows]},
        )
    forecast, _ = model_update(actor=actor, instance=forecast, data=data)
    return forecast


@transaction.atomic
def forecast_share(*, actor, forecast: Forecast) -> Forecast:
    """Share a draft forecast with the supplier; its collaborators are told when the
    sharing policy publishes forecasts."""
    check_object(actor=actor, action="change", obj=forecast)
    before = fsm_transition(
        instance=forecast,
        field="status",
        method_name="share",
        target=Forecast.Status.SHARED,
    )
    forecast.shared_at = timezone.now()
    forecast.save(update_fields=["status", "shared_at", "updated_at"])
    audit_record(
        actor=actor,
        action="transition:shared",
        instance=forecast,
        before=before,
        after={"status": forecast.status},
    )
    policy = SharingPolicy.objects.filter(supplier_id=forecast.supplier_id).first()
    if policy and policy.forecasts:
        notification_send(
            recipients=forecast.supplier.collaborators.all(),
            subject=f"New demand forecast to acknowledge: {forecast.title}",
            link=forecast.get_absolute_url(),
        )
    return forecast


@transaction.atomic
def forecast_acknowledge(
    *,
    actor,
    forecast: Forecast,
    commit: bool,
    capacities: dict[int, Decimal] | None = None,
    note: str = "",
) -> Forecast:
    """The supplier's answer to a shared forecast.

    ``commit=True`` commits capacity for every line as forecast. ``commit=False`` flags
    a shortfall: ``capacities`` gives the quantity it can commit per line id (lines not
    given keep the forecast quantity), at least one must fall short, and a note says why.
    """
    check_object(actor=actor, action="acknowledge", obj=forecast)
    lines = list(forecast.lines.all())
    capacities = dict(capacities or {})
    unknown = set(capacities) - {line.pk for line in lines}
    if unknown:
        raise ValidationError({"capacities": "Some lines are not part of this forecast."})
    if any(value is None or value < 0 for value in capacities.values()):
        raise ValidationError({"capacities": "A committed quantity cannot be negative."})
    for line in lines:
        line.committed_quantity = (
            line.quantity if commit else capacities.get(line.pk, line.quantity)
        )
    if not commit:
        if not any(line.committed_quantity < line.quantity for line in lines):
            raise ValidationError(
                {"capacities": "Give the lower quantity you can commit for at least one line."}
            )
        if not note.strip():
            raise ValidationError({"note": "Say what limits the capacity."})
    target = Forecast.Status.COMMITTED if commit else Forecast.Status.SHORTFALL
    before = fsm_transition(
        instance=forecast,
        field="status",
        method_name="commit" if commit else "flag_shortfall",
        target=target,
    )
    ForecastLine.objects.bulk_update(lines, ["committed_quantity"])
    forecast.acknowledged_at = timezone.now()
    forecast.acknowledged_by = actor if getattr(actor, "pk", None) else None
    forecast.response_note = note.strip()
    forecast.save(
        update_fields=[
            "status",
            "acknowledged_at",
            "acknowledged_by",
            "response_note",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action=f"transition:{target}",
        instance=forecast,
        before=before,
        after={
            "status": forecast.status,
            "note": forecast.response_note,
            "committed": {str(line.pk): line.committed_quantity for line in lines},
        },
    )
    notification_send(
        recipients=[forecast.created_by, forecast.supplier.relationship_owner],
        subject=f"{forecast.supplier.name}: {forecast.get_status_display().lower()} "
        f"on {forecast.title}",
        body=forecast.response_note,
        link=forecast.get_absolute_url(),
    )
    return forecast
