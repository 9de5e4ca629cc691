"""The risk step of the nightly recompute: dimension values, composite, level, Kraljic
segment and review due date for every supplier, in a handful of set-based queries.

``risk_step`` is registered with ``scorecards.steps`` and runs after the scorecards,
inside the run's transaction. ``risk_recompute`` is the same computation, also called
for one supplier right after a manual assessment, so its page shows the new level.
Inputs are aggregated here in SQL and handed to the pure ``engine``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Subquery, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from srm.audit.services import AuditSubject, audit_record
from srm.core import permissions
from srm.core.actors import SYSTEM
from srm.core.bulk import copy_append
from srm.core.notifications import notification_send
from suppliers.models import Receipt, Supplier, SupplierEvent, SupplierStatus

from . import engine
from .models import (
    CountryRisk,
    DimensionCode,
    RiskAssessment,
    RiskDimension,
    RiskDimensionValue,
    RiskScore,
    RiskScoreHistory,
)

# Fields compared to decide whether a stored score changed, and which of them make a
# history row (spend moves every night; history records the risk itself).
COMPARED = (
    "composite",
    "level",
    "dimensions",
    "evidence",
    "spend_12m",
    "spend_share",
    "high_profit_impact",
    "segment",
    "last_reviewed_on",
    "review_due_on",
)
HISTORY_FIELDS = ("composite", "level", "segment", "dimensions")
BATCH = 1000


@dataclass(frozen=True)
class Observation:
    value: Decimal
    on: date | None
    source: str
    text: str

    def as_evidence(self) -> dict:
        return {
            "source": self.source,
            "date": self.on.isoformat() if self.on else None,
            "text": self.text,
        }


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _latest_values(as_of: date, supplier_ids) -> dict[tuple[int, str], Observation]:
    """The newest value on or before ``as_of`` of every assessed dimension of every
    supplier: one query with a window function."""
    rows = RiskDimensionValue.objects.filter(observed_on__lte=as_of)
    if supplier_ids is not None:
        rows = rows.filter(supplier_id__in=supplier_ids)
    rows = (
        rows.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("supplier_id"), F("dimension_id")],
                order_by=[F("observed_on").desc(), F("id").desc()],
            )
        )
        .filter(rank=1)
        .values_list(
            "supplier_id",
            "dimension__code",
            "value",
            "observed_on",
            "source",
            "evidence",
            "rating",
            "assessment__assessed_by__username",
        )
    )
    found = {}
    for supplier_id, code, value, on, source, evidence, rating, by in rows:
        text = evidence
        if source == RiskDimensionValue.Source.CREDIT_RATING and rating:
            text = f"Credit rating {rating}. {evidence}".strip()
        elif by:
            text = f"{evidence} ({by})"
        found[(supplier_id, code)] = Observation(Decimal(value), on, source, text)
    return found


def _country_indices(as_of: date) -> dict[str, Observation]:
    """The newest country risk index on or before ``as_of`` per country (one query)."""
    rows = (
        CountryRisk.objects.filter(as_of__lte=as_of)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("country")],
                order_by=[F("as_of").desc(), F("id").desc()],
            )
        )
        .filter(rank=1)
        .values_list("country", "index", "as_of")
    )
    return {
        country: Observation(
            Decimal(index), on, "country_risk", f"Country risk index {index} for {country}"
        )
        for country, index, on in rows
    }


def _approved_sources() -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """(categories of each supplier, approved suppliers of each category): one query."""
    through = Supplier.categories.through
    categories_of: dict[int, set[int]] = defaultdict(set)
    approved_in: dict[int, set[int]] = defaultdict(set)
    for supplier_id, category_id, status in through.objects.values_list(
        "supplier_id", "category_id", "supplier__status"
    ):
        categories_of[supplier_id].add(category_id)
        if status == SupplierStatus.APPROVED:
            approved_in[category_id].add(supplier_id)
    return categories_of, approved_in


def trailing_spend(as_of: date) -> dict[int, Decimal]:
    """Σ received_qty × unit_price per supplier over the 12 months ending on ``as_of``
    (received_date in (as_of − 12 months, as_of]): one GROUP BY."""
    start = engine.add_months(as_of, -12)
    value = ExpressionWrapper(
        F("received_qty") * F("unit_price"),
        output_field=DecimalField(max_digits=28, decimal_places=7),
    )
    rows = (
        Receipt.objects.filter(received_date__gt=start, received_date__lte=as_of)
        .order_by()
        .values("supplier_id")
        .annotate(spend=Sum(value))
        .values_list("supplier_id", "spend")
    )
    return {
        supplier_id: Decimal(str(spend)).quantize(Decimal("0.01"))
        for supplier_id, spend in rows
        if spend is not None
    }


def _suppliers(as_of: date, supplier_ids):
    """Every supplier (or those given) with its latest standing and last review date,
    correlated subqueries inside one query."""
    from scorecards.models import Scorecard

    standing = Scorecard.objects.filter(
        supplier=OuterRef("pk"), standing__isnull=False, period__lte=as_of
    ).order_by("-period")
    reviewed = RiskAssessment.objects.filter(
        supplier=OuterRef("pk"), assessed_on__lte=as_of
    ).order_by("-assessed_on")
    suppliers = (
        Supplier.objects.all()
        if supplier_ids is None
        else Supplier.objects.filter(pk__in=supplier_ids)
    )
    return (
        suppliers.order_by()
        .annotate(
            standing=Subquery(standing.values("standing")[:1]),
            standing_period=Subquery(standing.values("period")[:1]),
            last_reviewed=Subquery(reviewed.values("assessed_on")[:1]),
        )
        .values_list(
            "pk",
            "code",
            "name",
            "country",
            "relationship_owner_id",
            "standing",
            "standing_period",
            "last_reviewed",
        )
    )


def _dimension_values(
    dimension: RiskDimension,
    supplier_id: int,
    country: str,
    standing: str | None,
    standing_period: date | None,
    latest: dict,
    indices: dict,
    categories_of: dict,
    approved_in: dict,
) -> Observation | None:
    if dimension.method == RiskDimension.Method.SINGLE_SOURCE:
        categories = categories_of.get(supplier_id, set())
        share = engine.single_source_share(supplier_id, categories, approved_in)
        value = engine.single_source_value(share)
        if value is None:
            return None
        only = round(share * len(categories))
        return Observation(
            value,
            None,
            "derived",
            f"Only approved source in {only} of {len(categories)} categories",
        )
    if dimension.method == RiskDimension.Method.PERFORMANCE:
        value = engine.performance_value(standing)
        if value is None:
            return None
        return Observation(
            value, standing_period, "derived", f"Standing {standing} ({standing_period:%Y-%m})"
        )
    observed = latest.get((supplier_id, dimension.code))
    if dimension.code == DimensionCode.REGULATORY:
        index = indices.get(country)
        # The later of a manual entry and the country index wins; on the same day the
        # person's judgement does.
        if index is not None and (observed is None or index.on > observed.on):
            return index
    return observed


def risk_recompute(
    *,
    as_of: date,
    run=None,
    supplier_ids=None,
    actor=SYSTEM,
    notify: bool = True,
    occurred_at=None,
) -> dict[str, int]:
    """Recompute the stored risk of every supplier (or of ``supplier_ids``) as of a day.

    Idempotent: a second run on the same data changes nothing and records nothing.
    A changed level is an event on the supplier's timeline (at ``occurred_at``, default
    now) and, with ``notify``, tells its relationship owner and the managers of its
    categories. Kraljic impact is always ranked over the spend of all suppliers, also
    when only some are recomputed.
    """
    with transaction.atomic():
        return _recompute(
            as_of=as_of,
            run=run,
            supplier_ids=supplier_ids,
            actor=actor,
            notify=notify,
            occurred_at=occurred_at,
        )


def _recompute(*, as_of, run, supplier_ids, actor, notify, occurred_at) -> dict[str, int]:
    dimensions = list(RiskDimension.objects.filter(is_active=True))
    weights = {d.code: d.weight for d in dimensions}
    latest = _latest_values(as_of, supplier_ids)
    indices = _country_indices(as_of)
    categories_of, approved_in = _approved_sources()
    spend = trailing_spend(as_of)
    total_spend = sum(spend.values(), Decimal(0))
    high_impact = engine.high_profit_impact(spend)
    in_scope = (
        RiskScore.objects.all()
        if supplier_ids is None
        else RiskScore.objects.filter(supplier_id__in=supplier_ids)
    )
    existing = {row["supplier_id"]: row for row in in_scope.values("supplier_id", *COMPARED)}

    to_write, history, changes = [], [], []
    created = updated = unchanged = scored = 0
    segments: dict[str, int] = defaultdict(int)
    suppliers = {}
    for (
        supplier_id,
        code,
        name,
        country,
        owner_id,
        standing,
        standing_period,
        last_reviewed,
    ) in _suppliers(as_of, supplier_ids):
        suppliers[supplier_id] = (code, name, owner_id)
        values, evidence = {}, {}
        for dimension in dimensions:
            observation = _dimension_values(
                dimension,
                supplier_id,
                country,
                standing,
                standing_period,
                latest,
                indices,
                categories_of,
                approved_in,
            )
            if observation is not None:
                values[dimension.code] = observation.value
                evidence[dimension.code] = observation.as_evidence()
        composite = engine.composite_score(values, weights)
        level = engine.risk_level(composite)
        impact = supplier_id in high_impact
        segment = engine.kraljic_segment(impact, composite)
        segments[segment or "none"] += 1
        scored += composite is not None
        supplier_spend = spend.get(supplier_id, Decimal("0.00"))
        fields = {
            "composite": composite,
            "level": level,
            "dimensions": {k: _json_number(v) for k, v in values.items()},
            "evidence": evidence,
            "spend_12m": supplier_spend,
            "spend_share": engine.spend_share(supplier_spend, total_spend),
            "high_profit_impact": impact,
            "segment": segment,
            "last_reviewed_on": last_reviewed,
            "review_due_on": engine.review_due(last_reviewed, level),
        }
        current = existing.get(supplier_id)
        if current is None:
            created += 1
        elif all(_same(current[f], fields[f]) for f in COMPARED):
            unchanged += 1
            continue
        else:
            updated += 1
        score = RiskScore(supplier_id=supplier_id, as_of=as_of, run=run, **fields)
        to_write.append(score)
        if current is None or not all(_same(current[f], fields[f]) for f in HISTORY_FIELDS):
            history.append(score)
            if current and current["level"] and level and current["level"] != level:
                changes.append((supplier_id, current["level"], level, composite))

    now = timezone.now()
    # The score was confirmed today: one UPDATE, whatever the number of suppliers.
    in_scope.exclude(as_of=as_of, run=run).update(as_of=as_of, run=run)
    # New and changed scores in one upsert per batch (ids of existing rows are kept):
    # far cheaper than bulk_update's CASE per field and row.
    RiskScore.objects.bulk_create(
        to_write,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["supplier"],
        update_fields=[*COMPARED, "as_of", "run", "updated_at"],
    )
    copy_append(
        RiskScoreHistory,
        [
            RiskScoreHistory(
                supplier_id=s.supplier_id,
                as_of=as_of,
                composite=s.composite,
                level=s.level,
                segment=s.segment,
                dimensions=s.dimensions,
                run=run,
            )
            for s in history
        ],
    )
    _record_level_changes(changes, suppliers, occurred_at or now, notify=notify)
    counts = {
        "risk_suppliers": len(suppliers),
        "risk_scored": scored,
        "risk_created": created,
        "risk_updated": updated,
        "risk_unchanged": unchanged,
        "risk_history": len(history),
        "risk_level_changes": len(changes),
        **{f"segment_{k}": v for k, v in sorted(segments.items())},
    }
    if to_write:
        audit_record(
            actor=actor,
            action="risk:recompute",
            subject=AuditSubject("risk.riskscore", "*", f"risk scores as of {as_of}"),
            after={
                **counts,
                "as_of": as_of,
                "level_changes": [
                    {"supplier": suppliers[s][0], "from": old, "to": new}
                    for s, old, new, _ in changes
                ],
            },
        )
    return counts


def _same(stored, computed) -> bool:
    if isinstance(stored, Decimal) or isinstance(computed, Decimal):
        if stored is None or computed is None:
            return stored is computed
        return Decimal(stored) == Decimal(computed)
    return stored == computed


def _record_level_changes(changes, suppliers, now, *, notify: bool = True) -> None:
    """Timeline events (one bulk insert) and notifications grouped per recipient, so the
    cost grows with the number of people told, not the number of suppliers."""
    if not changes:
        return
    from django.urls import reverse

    events = []
    for supplier_id, old, new, composite in changes:
        code = suppliers[supplier_id][0]
        events.append(
            SupplierEvent(
                supplier_id=supplier_id,
                kind=SupplierEvent.Kind.RISK_LEVEL,
                title=f"Risk level {old} → {new} (composite {composite})"[:200],
                detail={"from": old, "to": new, "composite": str(composite)},
                link=reverse("risk:supplier_risk", args=[code]),
                occurred_at=now,
            )
        )
    SupplierEvent.objects.bulk_create(events)
    if not notify:
        return

    recipients = _recipients([c[0] for c in changes], suppliers)
    by_user: dict = defaultdict(list)
    for supplier_id, old, new, composite in changes:
        for user in recipients.get(supplier_id, ()):
            by_user[user].append((supplier_id, old, new, composite))
    for user, items in by_user.items():
        lines = [
            f"{suppliers[s][1]} ({suppliers[s][0]}): {old} → {new}, composite {composite}"
            for s, old, new, composite in items
        ]
        if len(items) == 1:
            code = suppliers[items[0][0]][0]
            subject = f"Risk level of {code} is now {items[0][2]}"
            link = reverse("risk:supplier_risk", args=[code])
        else:
            subject = f"Risk level changed for {len(items)} suppliers"
            link = reverse("risk:register")
        notification_send(recipients=[user], subject=subject, body="\n".join(lines), link=link)


def _recipients(supplier_ids: list[int], suppliers: dict) -> dict[int, list]:
    """Relationship owner and the managers of the supplier's categories, per supplier."""
    from django.contrib.auth import get_user_model

    through = Supplier.categories.through
    categories_of: dict[int, set[int]] = defaultdict(set)
    for supplier_id, category_id in through.objects.filter(
        supplier_id__in=supplier_ids
    ).values_list("supplier_id", "category_id"):
        categories_of[supplier_id].add(category_id)
    category_pks = set().union(*categories_of.values()) if categories_of else set()
    managers = permissions.category_managers(category_pks)

    wanted: dict[int, set[int]] = {}
    for supplier_id in supplier_ids:
        ids = {suppliers[supplier_id][2]} - {None}
        for category_pk in categories_of.get(supplier_id, ()):
            ids |= managers.get(category_pk, set())
        wanted[supplier_id] = ids
    all_ids = set().union(*wanted.values()) if wanted else set()
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=all_ids, is_active=True)}
    return {
        supplier_id: sorted((users[i] for i in ids if i in users), key=lambda u: u.pk)
        for supplier_id, ids in wanted.items()
    }


def step_as_of(run, period_to: date) -> date:
    """The day a run scores risk as of: the run's own day, but never past the last day
    of the run's last month (the recompute names months by their first day, and a
    backdated run, like the demo's, must not reach past its data)."""
    month_end = engine.add_months(period_to.replace(day=1), 1) - timedelta(days=1)
    started = getattr(run, "started_at", None)
    if started is None:
        return month_end
    return min(month_end, timezone.localdate(started))


def risk_step(run, period_from: date, period_to: date) -> dict[str, int]:
    """The recompute step (``scorecards.steps``): every supplier's risk, Kraljic segment
    and review due date, as of the run's day (``step_as_of``)."""
    return risk_recompute(as_of=step_as_of(run, period_to), run=run)
