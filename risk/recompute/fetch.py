"""What the risk recompute reads, in a handful of set-based queries, as plain data for
``decide``."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Subquery, Sum, Window
from django.db.models.functions import RowNumber

from suppliers.models import Receipt, Supplier, SupplierStatus

from .. import engine
from ..models import CountryRisk, RiskAssessment, RiskDimension, RiskDimensionValue, RiskScore
from .decide import COMPARED, Dimension, Inputs, Observation, SupplierRow


def risk_inputs(as_of: date, supplier_ids) -> tuple[Inputs, object]:
    """Everything ``decide.plan_scores`` needs, and the queryset of the stored scores in
    scope (the write confirms them)."""
    dimensions = [
        Dimension(d.code, d.method, d.weight) for d in RiskDimension.objects.filter(is_active=True)
    ]
    latest = latest_values(as_of, supplier_ids)
    indices = country_indices(as_of)
    categories_of, approved_in = approved_sources()
    spend = trailing_spend(as_of)
    in_scope = (
        RiskScore.objects.all()
        if supplier_ids is None
        else RiskScore.objects.filter(supplier_id__in=supplier_ids)
    )
    existing = {row["supplier_id"]: row for row in in_scope.values("supplier_id", *COMPARED)}
    inputs = Inputs(
        dimensions=dimensions,
        latest=latest,
        indices=indices,
        categories_of=categories_of,
        approved_in=approved_in,
        spend=spend,
        existing=existing,
        suppliers=(SupplierRow(*row) for row in supplier_rows(as_of, supplier_ids)),
    )
    return inputs, in_scope


def latest_values(as_of: date, supplier_ids) -> dict[tuple[int, str], Observation]:
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


def country_indices(as_of: date) -> dict[str, Observation]:
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


def approved_sources() -> tuple[dict[int, set[int]], dict[int, set[int]]]:
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


def supplier_rows(as_of: date, supplier_ids):
    """Every supplier (or those given) with its latest standing and last review date,
    correlated subqueries inside one query; tuples in ``decide.SupplierRow``'s order."""
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
