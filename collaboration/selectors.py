"""Reads of the collaboration track. Each takes the user, so permission filtering
happens here (through the choke point, ``srm.core.permissions.restrict``)."""

from __future__ import annotations

from datetime import date

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.http import Http404
from django.shortcuts import get_object_or_404

from governance.models import SupplierRequest
from srm.core.permissions import can, can_supplier, restrict, restrict_choices, supplier_scope
from suppliers.models import Supplier

from .models import (
    CorrectiveActionResponse,
    Forecast,
    ForecastLine,
    Idea,
    Pilot,
    PilotTask,
    RoadmapItem,
    ScoreAppeal,
    SharingPolicy,
)


def is_supplier_side(user) -> bool:
    """A person at a supplier (a supplier collaborator), as opposed to the buyer's staff."""
    return bool(getattr(user, "supplier_id", None))


# --- pilots ----------------------------------------------------------------------------------


def pilot_list(*, user) -> QuerySet[Pilot]:
    return restrict(Pilot.objects.all(), user).select_related("supplier")


def pilot_get(*, user, pk: int) -> Pilot:
    return get_object_or_404(pilot_list(user=user), pk=pk)


def pilot_tasks(*, user, pilot: Pilot) -> QuerySet[PilotTask]:
    return restrict(PilotTask.objects.filter(pilot=pilot), user).select_related("assignee")


def pilot_board(*, pilots) -> list[tuple[str, str, list[Pilot]]]:
    """Pilots in columns by status, in the order a sprint moves: (status, label, pilots)."""
    columns = {status: [] for status in Pilot.Status.values}
    for pilot in pilots:
        columns[pilot.status].append(pilot)
    return [(s, Pilot.Status(s).label, columns[s]) for s in Pilot.Status.values]


def task_board(*, tasks) -> list[tuple[str, str, list[PilotTask]]]:
    columns = {status: [] for status in PilotTask.Status.values}
    for task in tasks:
        columns[task.status].append(task)
    return [(s, PilotTask.Status(s).label, columns[s]) for s in PilotTask.Status.values]


# --- ideas -----------------------------------------------------------------------------------


def idea_list(*, user) -> QuerySet[Idea]:
    return restrict(Idea.objects.all(), user).select_related("supplier", "proposer")


# --- roadmap ---------------------------------------------------------------------------------


def roadmap_list(*, user) -> QuerySet[RoadmapItem]:
    return restrict(RoadmapItem.objects.all(), user).select_related("supplier")


def roadmap_item_get(*, user, pk: int) -> RoadmapItem:
    return get_object_or_404(roadmap_list(user=user), pk=pk)


# --- forecasts -------------------------------------------------------------------------------


def forecast_list(*, user) -> QuerySet[Forecast]:
    """Forecasts in reach. A supplier never sees a draft: it is shared when it is ready."""
    forecasts = restrict(Forecast.objects.all(), user)
    if is_supplier_side(user):
        forecasts = forecasts.exclude(status=Forecast.Status.DRAFT)
    # An aggregate drops Meta.ordering, so the order is spelled out.
    return (
        forecasts.select_related("supplier", "acknowledged_by")
        .annotate(line_count=Count("lines"))
        .order_by("-created_at", "-pk")
    )


def forecast_get(*, user, pk: int) -> Forecast:
    return get_object_or_404(
        forecast_list(user=user).prefetch_related(
            Prefetch("lines", queryset=ForecastLine.objects.select_related("item"))
        ),
        pk=pk,
    )


# --- sharing policies ------------------------------------------------------------------------


def sharing_policy_for(*, supplier: Supplier) -> SharingPolicy:
    """The supplier's policy, or an unsaved one that shares nothing."""
    try:
        return supplier.sharing_policy
    except SharingPolicy.DoesNotExist:
        return SharingPolicy(supplier=supplier)


def sharing_policy_suppliers(*, user) -> QuerySet[Supplier]:
    """The suppliers within reach with their policy (or none yet); ``editable`` says
    whether the user may change that supplier's policy."""
    if not can(user, "view", SharingPolicy):
        return Supplier.objects.none()
    suppliers = restrict(Supplier.objects.all(), user).select_related("sharing_policy")
    if not can(user, "change", SharingPolicy):
        return suppliers.annotate(editable=Value(False))
    reach = supplier_scope(user, SharingPolicy, "change")
    if reach is None:
        return suppliers.annotate(editable=Value(True))
    return suppliers.annotate(
        editable=ExpressionWrapper(Q(pk__in=reach), output_field=BooleanField())
    )


def sharing_policy_supplier_get(*, user, code: str) -> Supplier:
    supplier = get_object_or_404(Supplier.objects.select_related("sharing_policy"), code=code)
    if not can_supplier(user, SharingPolicy, "change", supplier.pk):
        raise Http404("No such supplier.")
    return supplier


# --- the supplier's collaboration space (internal tab) ---------------------------------------


def supplier_space(*, user, supplier: Supplier) -> dict:
    """What the collaboration tab of one supplier shows, each part within the user's reach."""
    pilots = list(
        pilot_list(user=user)
        .filter(supplier=supplier)
        .annotate(open_tasks=Count("tasks", filter=~Q(tasks__status=PilotTask.Status.DONE)))
        .order_by("start_date", "title")
    )
    return {
        "board": pilot_board(pilots=pilots),
        "ideas": idea_list(user=user).filter(supplier=supplier)[:50],
        "roadmap": roadmap_list(user=user).filter(supplier=supplier),
        "forecasts": forecast_list(user=user).filter(supplier=supplier)[:20],
        "policy": sharing_policy_for(supplier=supplier),
    }


# --- the supplier portal ---------------------------------------------------------------------


def portal_scorecards(*, user) -> QuerySet:
    """The supplier's own published scorecards, when its sharing policy publishes them."""
    from scorecards.models import Scorecard

    if not can(user, "view", Scorecard):
        return Scorecard.objects.none()
    return (
        restrict(Scorecard.objects.filter(published=True), user)
        .select_related("supplier")
        .prefetch_related("appeals")
        .order_by("-period")
    )


def portal_scorecard_get(*, user, pk: int):
    return get_object_or_404(portal_scorecards(user=user), pk=pk)


def portal_scorecard_kpis(*, scorecard) -> list[dict]:
    """The KPIs of a published scorecard by their names (a supplier does not know our codes),
    in the order of the KPI definitions."""
    from scorecards.models import KpiDefinition

    definitions = {k.code: k for k in KpiDefinition.objects.all()}
    order = {code: i for i, code in enumerate(definitions)}
    rows = []
    for code, kpi in sorted(scorecard.kpis.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])):
        definition = definitions.get(code)
        rows.append(
            {
                **kpi,
                "code": code,
                "name": definition.name if definition else code,
                "unit": kpi.get("unit") or (definition.unit if definition else ""),
            }
        )
    return rows


def portal_corrective_actions(*, user) -> QuerySet:
    from scorecards.models import CorrectiveAction

    if not can(user, "view", CorrectiveAction):
        return CorrectiveAction.objects.none()
    return (
        restrict(CorrectiveAction.objects.all(), user)
        .select_related("supplier")
        .annotate(response_count=Count("supplier_responses"))
        .order_by("status", "due_date", "pk")
    )


def portal_corrective_action_get(*, user, pk: int):
    return get_object_or_404(portal_corrective_actions(user=user), pk=pk)


def corrective_action_responses(*, user, corrective_action) -> QuerySet[CorrectiveActionResponse]:
    """The supplier's answers to a corrective action, for the supplier and for internal pages."""
    return restrict(
        CorrectiveActionResponse.objects.filter(corrective_action=corrective_action), user
    ).select_related("author")


def portal_requests(*, user) -> QuerySet[SupplierRequest]:
    """Requests to the supplier (governance's), within reach."""
    if not can(user, "view", SupplierRequest):
        return SupplierRequest.objects.none()
    return restrict(SupplierRequest.objects.all(), user)


def portal_request_answers(*, user, supplier_request: SupplierRequest) -> QuerySet:
    """The answers to one request to the supplier, within reach."""
    return restrict(supplier_request.answers.all(), user).select_related("author")


def score_appeals(*, user) -> QuerySet[ScoreAppeal]:
    return restrict(ScoreAppeal.objects.all(), user).select_related("scorecard", "author")


# --- the improvements KPI --------------------------------------------------------------------


def month_first(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def improvements_by_month(period_from: date, period_to: date) -> dict[tuple[int, date], int]:
    """The ``improvements`` KPI source (SPEC §5): per supplier and month, the number of the
    supplier's ideas accepted in the 12 months ending with that month.

    A supplier has a value (possibly 0) for each month by whose end it had submitted at
    least one idea; a supplier that never took part has no data, so the KPI is left out
    for it rather than scored 0. One query for the whole range.
    """
    first, last = month_first(period_from), month_first(period_to)
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    if not months:
        return {}
    range_end = add_months(last, 1)
    rows = Idea.objects.filter(submitted_on__lt=range_end).values_list(
        "supplier_id", "submitted_on", "accepted_on"
    )
    first_submitted: dict[int, date] = {}
    accepted: dict[int, list[date]] = {}
    for supplier_id, submitted_on, accepted_on in rows:
        if supplier_id not in first_submitted or submitted_on < first_submitted[supplier_id]:
            first_submitted[supplier_id] = submitted_on
        if accepted_on is not None:
            accepted.setdefault(supplier_id, []).append(accepted_on)
    result: dict[tuple[int, date], int] = {}
    for supplier_id, since in first_submitted.items():
        days = accepted.get(supplier_id, [])
        for month in months:
            window_end = add_months(month, 1)
            if since >= window_end:
                continue
            window_start = add_months(month, -11)
            result[(supplier_id, month)] = sum(window_start <= d < window_end for d in days)
    return result


def improvements_explained(supplier_id: int, period: date) -> list[dict]:
    """The accepted ideas an ``improvements`` value counts, for the scorecard's explain page."""
    month = month_first(period)
    ideas = Idea.objects.filter(
        supplier_id=supplier_id,
        accepted_on__gte=add_months(month, -11),
        accepted_on__lt=add_months(month, 1),
    ).order_by("accepted_on", "pk")
    return [
        {
            "id": idea.pk,
            "title": idea.title,
            "status": idea.status,
            "accepted_on": idea.accepted_on.isoformat(),
            "link": idea.get_absolute_url(),
        }
        for idea in ideas
    ]


def pilot_assignees(*, pilot: Pilot, actor=None):
    """Who a task on ``pilot`` may be given to: the pilot's members (the buyer's people
    on it and its supplier's) and the people of the pilot's supplier; never the buyer's
    staff who are not on the pilot (an ``admin`` or ``auditor``), nor another supplier's.
    ``actor`` narrows it through the choke point's rule for people (a supplier
    collaborator picks among their own supplier's people and the buyer's)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True)
    members = Q(pk__in=pilot.members.values("pk")) & (
        Q(supplier__isnull=True) | Q(supplier_id=pilot.supplier_id)
    )
    assignees = users.filter(members | Q(supplier_id=pilot.supplier_id)).order_by("username")
    return assignees if actor is None else restrict_choices(assignees, actor)
