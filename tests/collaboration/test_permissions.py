"""The sharing policy in the permission choke point, and the two tracks kept apart."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from collaboration.models import Forecast, Idea, Pilot, SharingPolicy
from risk.models import RiskAssessment
from scorecards.models import CorrectiveAction, Scorecard
from srm.accounts.models import Role
from srm.core import permissions
from suppliers.models import Contract, ContractPrice
from tests.factories import ForecastFactory, IdeaFactory, PilotFactory, SharingPolicyFactory

from ..factories import ContractFactory, ContractPriceFactory

pytestmark = pytest.mark.django_db


def visible(user, model):
    return set(permissions.restrict(model.objects.all(), user).values_list("pk", flat=True))


def test_collaborator_sees_its_own_collaboration_records_only(collaborator, mine, other):
    own = {IdeaFactory(supplier=mine).pk, IdeaFactory(supplier=mine).pk}
    IdeaFactory(supplier=other)
    pilot = PilotFactory(supplier=mine)
    PilotFactory(supplier=other)
    assert visible(collaborator, Idea) == own
    assert visible(collaborator, Pilot) == {pilot.pk}


def test_no_policy_shares_nothing(collaborator, mine, make_scorecard, make_corrective_action):
    ForecastFactory(supplier=mine)
    make_scorecard(mine)
    make_corrective_action(mine)
    for model in (Forecast, Scorecard, CorrectiveAction):
        # The role may read the model at all ...
        assert permissions.can(collaborator, "view", model)
        # ... but nothing of it until the supplier's policy publishes it.
        assert visible(collaborator, model) == set()


@pytest.mark.parametrize(
    "dataset, model",
    [("forecasts", Forecast), ("scorecard", Scorecard), ("corrective_actions", CorrectiveAction)],
)
def test_policy_publishes_exactly_its_data_sets(
    dataset, model, collaborator, mine, other, make_scorecard, make_corrective_action
):
    rows = {
        Forecast: lambda s: ForecastFactory(supplier=s),
        Scorecard: lambda s: make_scorecard(s),
        CorrectiveAction: lambda s: make_corrective_action(s),
    }
    own, _foreign = rows[model](mine), rows[model](other)
    SharingPolicyFactory(
        supplier=mine, forecasts=False, scorecard=False, corrective_actions=False, requests=False
    )
    SharingPolicyFactory(supplier=other)  # another supplier sharing everything changes nothing
    assert visible(collaborator, model) == set()
    SharingPolicy.objects.filter(supplier=mine).update(**{dataset: True})
    assert visible(collaborator, model) == {own.pk}
    assert permissions.can_object(collaborator, "view", own)


def test_policy_gates_writes_too(collaborator, mine):
    forecast = ForecastFactory(supplier=mine)
    assert not permissions.can_object(collaborator, "acknowledge", forecast)
    SharingPolicyFactory(supplier=mine, forecasts=True)
    assert permissions.can_object(collaborator, "acknowledge", forecast)
    assert permissions.can_supplier(collaborator, Forecast, "acknowledge", mine.pk)


def test_policy_does_not_narrow_internal_users(make_user, mine, other, category_pair):
    """Only supplier-bound users are narrowed: the buyer's staff is not."""
    ForecastFactory(supplier=mine), ForecastFactory(supplier=other)
    analyst = make_user("procurement_analyst")
    assert len(visible(analyst, Forecast)) == 2
    manager = make_user("category_manager", categories=[category_pair[0]])
    assert len(visible(manager, Forecast)) == 1


def test_unknown_data_set_fails_closed(collaborator, mine, monkeypatch):
    SharingPolicyFactory(supplier=mine)
    forecast = ForecastFactory(supplier=mine)
    assert visible(collaborator, Forecast) == {forecast.pk}
    monkeypatch.setattr(Forecast, "sharing_dataset", "prices")
    assert visible(collaborator, Forecast) == set()
    monkeypatch.setattr(Forecast, "sharing_dataset", "note")  # a field, but not a flag
    assert visible(collaborator, Forecast) == set()


def test_policy_lookup_costs_no_extra_query(collaborator, mine, django_assert_num_queries):
    SharingPolicyFactory(supplier=mine)
    ForecastFactory(supplier=mine)
    permissions.can(collaborator, "view", Forecast)  # loads the role grants once
    with django_assert_num_queries(1):
        list(permissions.restrict(Forecast.objects.all(), collaborator))


def test_collaborator_never_reaches_the_management_track(collaborator, mine):
    ContractFactory(supplier=mine, negotiation_notes="Walk away at 9.50")
    ContractPriceFactory(contract__supplier=mine)
    SharingPolicyFactory(supplier=mine)  # sharing everything opens no management data
    for model in (Contract, ContractPrice, RiskAssessment):
        assert not permissions.can(collaborator, "view", model)
        assert visible(collaborator, model) == set()


def test_collaboration_member_cannot_read_terms_prices_or_risk(make_user, mine):
    """An engineer on a pilot works on the collaboration track only (the track guard)."""
    ContractFactory(supplier=mine)
    ContractPriceFactory(contract__supplier=mine, unit_price=Decimal("9.5"))
    engineer = make_user("collaboration_member")
    for model in (Contract, ContractPrice, RiskAssessment):
        assert not permissions.can(engineer, "view", model)
        assert not permissions.can(engineer, "change", model)
        assert visible(engineer, model) == set()
    # ... even when someone grants the permissions by mistake.
    group = Role.objects.get(code="collaboration_member").group
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["view_contract", "change_contract", "view_contractprice"]
        )
    )
    engineer = make_user("collaboration_member")
    assert not permissions.can(engineer, "view", Contract)
    assert not permissions.can(engineer, "view", ContractPrice)
    # It does work on the collaboration track.
    PilotFactory(supplier=mine)
    assert permissions.can(engineer, "add", Pilot)
    assert len(visible(engineer, Pilot)) == 1


def test_role_grants_of_the_data_migration():
    grants = {
        role.code: {p.codename for p in role.group.permissions.all()}
        for role in Role.objects.prefetch_related("group__permissions")
    }
    collaborator = grants["supplier_collaborator"]
    assert {"view_idea", "add_idea", "acknowledge_forecast", "view_scorecard"} <= collaborator
    assert {"review_idea", "change_idea", "add_pilot", "change_sharingpolicy"}.isdisjoint(
        collaborator
    )
    assert "change_sharingpolicy" in grants["category_manager"]
    assert "change_sharingpolicy" not in grants["collaboration_member"]
    assert not any(c.endswith("_pilot") for c in grants["contract_owner"])
    auditor = Role.objects.get(code="auditor").group.permissions.filter(
        content_type__app_label="collaboration"
    )
    assert auditor.exists()
    assert all(p.codename.startswith("view_") for p in auditor)


def test_a_collaborator_never_reaches_an_unpublished_scorecard(
    collaborator, make_user, mine, category_pair, make_scorecard
):
    SharingPolicyFactory(supplier=mine)
    published = make_scorecard(mine)
    draft = make_scorecard(mine, period=published.period.replace(month=1), published=False)
    assert visible(collaborator, Scorecard) == {published.pk}
    assert not permissions.can_object(collaborator, "view", draft)
    # The buyer's staff sees both, whatever the supplier sees.
    manager = make_user("category_manager", categories=[category_pair[0]])
    assert visible(manager, Scorecard) == {published.pk, draft.pk}
    # A supplier-bound user with a wider role is not narrowed by it.
    analyst = make_user("procurement_analyst", "supplier_collaborator", supplier=mine)
    assert visible(analyst, Scorecard) == {published.pk, draft.pk}


def test_system_check_names_an_unknown_data_set(monkeypatch):
    from collaboration.checks import sharing_datasets_are_known

    assert sharing_datasets_are_known() == []
    monkeypatch.setattr(Forecast, "sharing_dataset", "prices")
    errors = sharing_datasets_are_known()
    assert [e.id for e in errors] == ["collaboration.E001"]
    assert "collaboration.Forecast" in errors[0].msg
