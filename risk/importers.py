"""Import kinds of the risk domain, in the all-or-nothing import framework (SPEC §9):

* ``credit_ratings``: supplier_code, date, rating → financial health
* ``country_risk``: country, date, index 1-5 → regulatory and geopolitical
* ``training``: supplier_code, date, hours, topic
* ``forecasts``: supplier_code, item_code, period (YYYY-MM), forecast_qty, actual_qty
* ``incidents``: supplier_code, date, kind, severity, description
* ``compliance_checks``: supplier_code, date, regulation, passed (true/false)

Each row has a natural key; a re-imported key replaces the stored row (audited with
before/after) and importing the same file twice changes nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django_countries import countries

from srm.audit.services import audit_record, snapshot
from srm.core import permissions
from suppliers.importers.base import (
    Applied,
    Column,
    Importer,
    Row,
    RowError,
    boolean,
    choice,
    code,
    decimal,
    iso_date,
    text,
    unknown_item_errors,
)
from suppliers.models import ImportBatch, Item, Supplier

from . import engine
from .models import (
    ComplianceCheck,
    CountryRisk,
    DimensionCode,
    ForecastAccuracyRecord,
    Incident,
    IncidentKind,
    RiskDimension,
    RiskDimensionValue,
    Severity,
    TrainingRecord,
)

QTY_MAX = Decimal("99999999999")


def credit_rating(raw) -> tuple[str, int]:
    value = str(raw).strip()
    if len(value) > 10:
        raise ValueError("longer than 10 characters")
    return value, engine.credit_rating_value(value)


def country(raw) -> str:
    value = str(raw).strip()
    alpha2 = countries.alpha2(value.upper()) or countries.by_name(value)
    if not alpha2:
        raise ValueError(f"'{value}' is not an ISO 3166 country code or English country name")
    return alpha2


def month(raw) -> date:
    if isinstance(raw, date):
        return raw.replace(day=1)
    value = str(raw).strip()
    try:
        year, number = value.split("-")
        if len(year) != 4 or len(number) != 2:
            raise ValueError
        return date(int(year), int(number), 1)
    except ValueError:
        raise ValueError(f"'{value}' is not a month like 2026-03 (YYYY-MM)") from None


class KeyedImporter(Importer):
    """Rows keyed by a natural key; a known key replaces the stored row.

    Subclasses name the ``model``, its ``key`` fields, the ``compared`` fields and
    ``build(values, lookups)`` that returns an unsaved instance.
    """

    model = None
    key: tuple[str, ...] = ()
    compared: tuple[str, ...] = ()
    supplier_column = "supplier_code"

    @property
    def required_permissions(self):
        return ((self.model, "add"), (self.model, "change"))

    def row_key(self, values: dict) -> tuple:
        raise NotImplementedError

    def check(self, rows: list[Row], user) -> list[RowError]:
        errors: list[RowError] = []
        seen: dict[tuple, int] = {}
        for row in rows:
            key = self.row_key(row.values)
            if key in seen:
                errors.append(
                    RowError(row.line, self.key_column, f"same key as line {seen[key]}: {key}")
                )
            else:
                seen[key] = row.line
        if self.supplier_column:
            errors.extend(self._check_suppliers(rows, user))
        errors.extend(self.check_more(rows, user))
        return errors

    key_column = "date"

    def check_more(self, rows: list[Row], user) -> list[RowError]:
        return []

    def _check_suppliers(self, rows: list[Row], user) -> list[RowError]:
        codes = {r.values[self.supplier_column] for r in rows}
        known = set(Supplier.objects.filter(code__in=codes).values_list("code", flat=True))
        reach = permissions.supplier_scope(user, self.model, "add")
        allowed = (
            None
            if reach is None
            else set(
                Supplier.objects.filter(pk__in=reach, code__in=codes).values_list("code", flat=True)
            )
        )
        errors = []
        for row in rows:
            supplier_code = row.values[self.supplier_column]
            if supplier_code not in known:
                errors.append(
                    RowError(
                        row.line, self.supplier_column, f"no supplier with code '{supplier_code}'"
                    )
                )
            elif allowed is not None and supplier_code not in allowed:
                errors.append(
                    RowError(
                        row.line,
                        self.supplier_column,
                        f"supplier '{supplier_code}' is outside your categories",
                    )
                )
        return errors

    def lookups(self, rows: list[Row]) -> dict:
        codes = {r.values[self.supplier_column] for r in rows} if self.supplier_column else set()
        return {
            "suppliers": dict(Supplier.objects.filter(code__in=codes).values_list("code", "pk"))
        }

    def build(self, values: dict, lookups: dict, batch: ImportBatch):
        raise NotImplementedError

    def existing(self, instances: list) -> dict[tuple, object]:
        """Stored rows with the keys of ``instances``, fetched per supplier set."""
        keys = {self.instance_key(i) for i in instances}
        filters = {}
        if "supplier" in self.key:
            filters["supplier_id__in"] = {i.supplier_id for i in instances}
        found = {}
        for stored in self.model.objects.filter(**filters).filter(self.scope_filter()):
            key = self.instance_key(stored)
            if key in keys:
                found[key] = stored
        return found

    def scope_filter(self):
        from django.db.models import Q

        return Q()

    def instance_key(self, instance) -> tuple:
        return tuple(
            getattr(instance, f + "_id" if f in ("supplier", "item", "dimension") else f)
            for f in self.key
        )

    def apply(self, rows: list[Row], user, batch: ImportBatch) -> Applied:
        lookups = self.lookups(rows)
        incoming = [self.build(row.values, lookups, batch) for row in rows]
        existing = self.existing(incoming)
        to_create, to_update, unchanged = [], [], 0
        for instance in incoming:
            current = existing.get(self.instance_key(instance))
            if current is None:
                to_create.append(instance)
                continue
            if all(_same(getattr(current, f), getattr(instance, f)) for f in self.compared):
                unchanged += 1
                continue
            before = snapshot(current)
            for f in self.compared:
                setattr(current, f, getattr(instance, f))
            current.import_batch = batch
            to_update.append((current, before))
        self.model.objects.bulk_create(to_create, batch_size=2000)
        if to_update:
            self.model.objects.bulk_update(
                [r for r, _ in to_update],
                [*self.compared, "import_batch", "updated_at"],
                batch_size=2000,
            )
            for instance, before in to_update:
                after = snapshot(instance)
                changed = [k for k in after if after[k] != before.get(k) and k != "import_batch_id"]
                audit_record(
                    actor=user,
                    action="import:replace",
                    instance=instance,
                    before={k: before[k] for k in changed},
                    after={k: after[k] for k in changed},
                )
        notes = self.after_apply(to_create, [r for r, _ in to_update], user)
        return Applied(len(to_create), len(to_update), unchanged, tuple(notes))

    def after_apply(self, created: list, updated: list, user) -> list[str]:
        return []


def _same(a, b) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        if a is None or b is None:
            return a is b
        return Decimal(a) == Decimal(b)
    return a == b


class CreditRatingImporter(KeyedImporter):
    kind = "credit_ratings"
    label = "Credit ratings (financial health)"
    model = RiskDimensionValue
    columns = (
        Column("supplier_code", code(32)),
        Column("date", iso_date),
        Column("rating", credit_rating),
    )
    key = ("supplier", "dimension", "observed_on")
    compared = ("value", "rating")

    def row_key(self, values):
        return (values["supplier_code"], values["date"])

    def check_more(self, rows, user):
        if not RiskDimension.objects.filter(code=DimensionCode.FINANCIAL_HEALTH).exists():
            return [RowError(0, "file", "there is no financial_health risk dimension")]
        return []

    def scope_filter(self):
        from django.db.models import Q

        return Q(source=RiskDimensionValue.Source.CREDIT_RATING)

    def lookups(self, rows):
        found = super().lookups(rows)
        found["dimension"] = RiskDimension.objects.get(code=DimensionCode.FINANCIAL_HEALTH)
        return found

    def build(self, values, lookups, batch):
        rating, value = values["rating"]
        return RiskDimensionValue(
            supplier_id=lookups["suppliers"][values["supplier_code"]],
            dimension=lookups["dimension"],
            value=value,
            observed_on=values["date"],
            source=RiskDimensionValue.Source.CREDIT_RATING,
            rating=rating,
            evidence=f"Imported from {batch.filename}",
            import_batch=batch,
        )


class CountryRiskImporter(KeyedImporter):
    kind = "country_risk"
    label = "Country risk indices (regulatory and geopolitical)"
    model = CountryRisk
    supplier_column = None
    columns = (
        Column("country", country),
        Column("date", iso_date),
        Column("index", decimal(minimum=Decimal(1), maximum=Decimal(5), places=1)),
    )
    key = ("country", "as_of")
    compared = ("index",)

    def row_key(self, values):
        return (values["country"], values["date"])

    def existing(self, instances):
        keys = {self.instance_key(i) for i in instances}
        found = {}
        for stored in CountryRisk.objects.filter(country__in={i.country for i in instances}):
            key = self.instance_key(stored)
            if key in keys:
                found[key] = stored
        return found

    def instance_key(self, instance):
        return (str(instance.country), instance.as_of)

    def build(self, values, lookups, batch):
        return CountryRisk(
            country=values["country"],
            as_of=values["date"],
            index=values["index"],
            import_batch=batch,
        )


class TrainingImporter(KeyedImporter):
    kind = "training"
    label = "Supplier training (regional view)"
    model = TrainingRecord
    columns = (
        Column("supplier_code", code(32)),
        Column("date", iso_date),
        Column("hours", decimal(minimum=Decimal(0), maximum=Decimal(100000), places=2)),
        Column("topic", text(200)),
    )
    key = ("supplier", "trained_on", "topic")
    compared = ("hours",)

    def row_key(self, values):
        return (values["supplier_code"], values["date"], values["topic"])

    def build(self, values, lookups, batch):
        return TrainingRecord(
            supplier_id=lookups["suppliers"][values["supplier_code"]],
            trained_on=values["date"],
            hours=values["hours"],
            topic=values["topic"],
            import_batch=batch,
        )


class ForecastImporter(KeyedImporter):
    kind = "forecasts"
    label = "Forecast against actual (regional forecast accuracy)"
    model = ForecastAccuracyRecord
    columns = (
        Column("supplier_code", code(32)),
        Column("item_code", code(64)),
        Column("period", month),
        Column("forecast_qty", decimal(minimum=Decimal(0), maximum=QTY_MAX, places=3)),
        Column(
            "actual_qty", decimal(minimum=Decimal(0), maximum=QTY_MAX, places=3), required=False
        ),
    )
    key = ("supplier", "item", "period")
    compared = ("forecast_qty", "actual_qty")
    key_column = "period"

    def row_key(self, values):
        return (values["supplier_code"], values["item_code"], values["period"])

    def check_more(self, rows, user):
        return unknown_item_errors(rows)

    def lookups(self, rows):
        found = super().lookups(rows)
        codes = {r.values["item_code"] for r in rows}
        found["items"] = dict(Item.objects.filter(code__in=codes).values_list("code", "pk"))
        return found

    def build(self, values, lookups, batch):
        return ForecastAccuracyRecord(
            supplier_id=lookups["suppliers"][values["supplier_code"]],
            item_id=lookups["items"][values["item_code"]],
            period=values["period"],
            forecast_qty=values["forecast_qty"],
            actual_qty=values["actual_qty"],
            import_batch=batch,
        )


def _labelled(choices) -> dict:
    """Accept a choice by its value or its label, case-insensitively."""
    options = {}
    for value, label in choices:
        options[value] = value
        options[label] = value
    return options


class IncidentImporter(KeyedImporter):
    kind = "incidents"
    label = "Disruption incidents (quality incidents open corrective actions)"
    model = Incident
    columns = (
        Column("supplier_code", code(32)),
        Column("date", iso_date),
        Column("kind", choice(_labelled(IncidentKind.choices))),
        Column("severity", choice(_labelled(Severity.choices))),
        Column("description", text(500)),
    )
    key = ("supplier", "occurred_on", "kind", "description")
    compared = ("severity",)

    def row_key(self, values):
        return (values["supplier_code"], values["date"], values["kind"], values["description"])

    def build(self, values, lookups, batch):
        return Incident(
            supplier_id=lookups["suppliers"][values["supplier_code"]],
            occurred_on=values["date"],
            kind=values["kind"],
            severity=values["severity"],
            description=values["description"],
            import_batch=batch,
        )

    def after_apply(self, created, updated, user) -> list[str]:
        """New incidents go on their suppliers' timelines (as one logged on the page does);
        a quality incident of high or critical severity opens a corrective action, once."""
        from .services import incident_corrective_action_open, incidents_on_timeline

        if created:
            new_keys = {self.instance_key(i) for i in created}
            stored = Incident.objects.filter(
                import_batch_id=created[0].import_batch_id,
                supplier_id__in={i.supplier_id for i in created},
            ).select_related("supplier")
            incidents_on_timeline(
                incidents=[i for i in stored if self.instance_key(i) in new_keys], verb="imported"
            )
        keys = {self.instance_key(i) for i in created + updated if i.opens_corrective_action}
        if not keys:
            return []
        opened = 0
        candidates = Incident.objects.filter(
            supplier_id__in={k[0] for k in keys}, corrective_action__isnull=True
        ).select_related("supplier__relationship_owner")
        for incident in candidates:
            if self.instance_key(incident) in keys and incident_corrective_action_open(
                actor=user, incident=incident
            ):
                opened += 1
        return [f"{opened} corrective actions opened for quality incidents"] if opened else []


class ComplianceCheckImporter(KeyedImporter):
    kind = "compliance_checks"
    label = "Compliance checks (regional regulatory alignment)"
    model = ComplianceCheck
    columns = (
        Column("supplier_code", code(32)),
        Column("date", iso_date),
        Column("regulation", text(120)),
        Column("passed", boolean),
    )
    key = ("supplier", "checked_on", "regulation")
    compared = ("passed",)

    def row_key(self, values):
        return (values["supplier_code"], values["date"], values["regulation"])

    def build(self, values, lookups, batch):
        return ComplianceCheck(
            supplier_id=lookups["suppliers"][values["supplier_code"]],
            checked_on=values["date"],
            regulation=values["regulation"],
            passed=values["passed"],
            import_batch=batch,
        )


IMPORTERS = (
    CreditRatingImporter(),
    CountryRiskImporter(),
    TrainingImporter(),
    ForecastImporter(),
    IncidentImporter(),
    ComplianceCheckImporter(),
)
