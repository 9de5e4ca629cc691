"""Scoring policy changes as a decision (issue 11 point 1): the what-if page and the API
raise a *scoring policy change* request with the preview attached instead of saving; a
steering committee member and a procurement analyst sign it; applying it saves the policy
(audited) and starts a recompute. The request names no supplier: every internal role that
sees decisions sees it, a supplier collaborator never."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from governance import selectors, services
from governance.models import DecisionRequest, DecisionRight
from governance.signers import sign_off_steps
from scorecards.models import KpiDefinition, Scorecard, ScoringPolicy
from srm.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _card(supplier, period, score, standing, otif):
    return Scorecard.objects.create(
        supplier=supplier,
        period=period,
        score=Decimal(score),
        standing=standing,
        kpis={
            "otif": {"value": otif, "score": 66.7, "n": 10, "target": 95.0},
            "defect_rate": {"value": 1.0, "score": 80.0, "n": 10, "target": 0.5},
        },
    )


@pytest.fixture
def cards(scoped_suppliers):
    # a: OTIF 90 (66.7) and defects 1 % (80): 72.0 → B. b: OTIF 96 (100), defects 1 %: 92 → A.
    a, b = scoped_suppliers
    for period in (date(2026, 1, 1), date(2026, 2, 1)):
        _card(a, period, "72.0", "B", 90.0)
        _card(b, period, "92.0", "A", 96.0)
    return a, b


def _form(**changes):
    data = {"a_min": "85", "b_min": "70", "c_min": "50"}
    for kpi in KpiDefinition.objects.filter(is_active=True):
        data |= {
            f"{kpi.code}__target": kpi.target,
            f"{kpi.code}__floor": kpi.floor,
            f"{kpi.code}__weight": kpi.weight,
        }
    return data | changes


def _raise(client, analyst, **changes):
    client.force_login(analyst)
    return client.post(
        reverse("scorecards:what_if"),
        _form(action="propose", justification="B is too easy to reach.", **changes),
    )


def test_the_rights_are_data(types):
    rights = DecisionRight.objects.filter(decision_type=types["scoring_policy_change"])
    signs = {(r.role.code, r.fallback_role.code) for r in rights if r.kind == "signs_off"}
    assert signs == {
        ("steering_committee", "executive_sponsor"),
        ("procurement_analyst", "executive_sponsor"),
    }
    assert {r.role.code for r in rights if r.kind == "proposes"} == {"procurement_analyst"}


def test_what_if_raises_a_request_instead_of_saving(client, people, cards):
    response = _raise(client, people["analyst"], b_min="75")
    request = DecisionRequest.objects.get(decision_type__code="scoring_policy_change")
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    # Nothing saved: the thresholds stay until the request is signed.
    assert ScoringPolicy.objects.get_or_create(pk=1)[0].b_min == 70
    assert not AuditEvent.objects.filter(object_type="scorecards.scoringpolicy").exists()
    assert request.state == "draft" and request.supplier is None
    assert request.payload["thresholds"]["b_min"] == "75"
    assert request.payload["preview"]["changes"][0]["supplier"] == cards[0].code
    # The signers see what the what-if says: a moves from B to C.
    figures = selectors.decision_request_impact(request=request)
    assert (figures["changed"], figures["up"], figures["down"], figures["into_d"]) == (1, 0, 1, 0)


def test_raising_needs_a_reason_and_a_valid_policy(client, people, cards):
    client.force_login(people["analyst"])
    response = client.post(reverse("scorecards:what_if"), _form(action="propose", b_min="75"))
    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    response = _raise(client, people["analyst"], b_min="90")  # no longer descending
    assert response.status_code == 400
    assert not DecisionRequest.objects.exists()


def test_who_may_not_propose_it_is_told_so(client, people, cards):
    response = _raise(client, people["steering"], b_min="75")
    assert response.status_code == 403
    assert "do not propose" in response.content.decode()
    assert not DecisionRequest.objects.exists()


def test_signed_request_saves_the_policy_and_recomputes(
    client, people, make_user, cards, django_capture_on_commit_callbacks
):
    _raise(client, people["analyst"], b_min="75")
    request = DecisionRequest.objects.get()
    request = services.decision_request_submit(actor=people["analyst"], request=request)
    steps = {s.role.code: s for s in sign_off_steps(request)}
    # Nobody signs their own request: the analyst's step goes to the fallback, the sponsor.
    assert steps["procurement_analyst"].eligible_usernames == ["sponsor"]
    assert steps["steering_committee"].eligible_usernames == ["steering"]
    services.decision_request_sign_off(actor=people["steering"], request=request)
    assert ScoringPolicy.objects.get_or_create(pk=1)[0].b_min == 70
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request = services.decision_request_sign_off(actor=people["sponsor"], request=request)
    assert request.state == "applied", request.apply_error
    assert ScoringPolicy.objects.get().b_min == 75
    # Saved in the signer's name (the last one, who applied it), audited.
    assert AuditEvent.objects.filter(
        object_type="scorecards.scoringpolicy", actor=people["sponsor"]
    ).exists()
    assert request.applied_effect["recompute"] is True
    assert [c for c in callbacks if "recompute_request" in c.__qualname__]


def test_a_second_analyst_signs_the_analyst_step(client, people, make_user, cards):
    second = make_user("procurement_analyst", username="analyst2")
    _raise(client, people["analyst"], c_min="40")
    request = services.decision_request_submit(
        actor=people["analyst"], request=DecisionRequest.objects.get()
    )
    services.decision_request_sign_off(actor=second, request=request)
    request = services.decision_request_sign_off(actor=people["steering"], request=request)
    assert request.state == "applied"
    assert ScoringPolicy.objects.get().c_min == 40


def test_portfolio_request_reach(client, people, make_user, cards):
    _raise(client, people["analyst"], b_min="75")
    request = DecisionRequest.objects.get()
    detail = reverse("governance:decision_detail", args=[request.pk])
    # A category manager (category reach) sees it: it is about no one supplier.
    client.force_login(people["other_catman"])
    page = client.get(detail)
    assert page.status_code == 200 and "Whole portfolio" in page.content.decode()
    assert 'id="proposed-policy"' in page.content.decode()
    assert request in selectors.decision_request_list(user=people["other_catman"])
    listed = client.get(reverse("governance:decision_list")).content.decode()
    assert f"/decisions/{request.pk}/" in listed
    # A supplier collaborator never does.
    collaborator = make_user("supplier_collaborator", supplier=cards[0])
    client.force_login(collaborator)
    assert client.get(detail).status_code in (403, 404)
    api = APIClient()
    api.force_authenticate(collaborator)
    url = reverse("api:decisionrequest-detail", args=[request.pk])
    assert api.get(url).status_code in (403, 404)
    api.force_authenticate(people["other_catman"])
    body = api.get(url).json()
    assert body["supplier"] is None and body["impact"]["kind"] == "scoring_policy_change"


def test_submitted_request_shows_in_inbox_agenda_and_review(client, people, cards):
    from governance.agenda import decisions_waiting
    from governance.review import decisions_context
    from governance.work import my_requests, sign_offs_waiting

    _raise(client, people["analyst"], b_min="75")
    request = services.decision_request_submit(
        actor=people["analyst"], request=DecisionRequest.objects.get()
    )
    today = date.today()
    assert [i["id"] for i in sign_offs_waiting(people["steering"], today)] == [request.pk]
    assert "portfolio" in my_requests(people["analyst"], today)[0]["detail"]
    items = decisions_waiting(people["sponsor"], today)
    assert [i.supplier_code for i in items] == [""]
    context = decisions_context(people["sponsor"], today.replace(day=1))
    assert context["pending"][0]["supplier"] == "portfolio"
    assert context["pending"][0]["impact"]["kind"] == "scoring_policy_change"


def test_api_raises_with_payload_and_refuses_bad_input(people, cards):
    api = APIClient()
    api.force_authenticate(people["analyst"])
    url = reverse("api:decisionrequest-list")
    body = {
        "decision_type": "scoring_policy_change",
        "title": "Stricter B",
        "justification": "B is too easy.",
        "risk_impact": "One supplier to C.",
        "payload": {"thresholds": {"b_min": "75"}},
    }
    bad = api.post(url, {**body, "payload": {"thresholds": {"b_min": "95"}}}, format="json")
    assert bad.status_code == 400 and "payload" in bad.json()
    unknown = api.post(url, {**body, "payload": {"kpis": {"nope": {"weight": "1"}}}}, format="json")
    assert unknown.status_code == 400
    with_supplier = api.post(url, {**body, "supplier": cards[0].code}, format="json")
    assert with_supplier.status_code == 400
    assert not DecisionRequest.objects.exists()
    created = api.post(url, body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["supplier"] is None and Decimal(data["payload"]["thresholds"]["b_min"]) == 75
    assert data["payload"]["preview"]["changes"]
    detail = api.get(reverse("api:decisionrequest-detail", args=[data["id"]])).json()
    assert detail["impact"]["down"] == 1
    patched = api.patch(
        reverse("api:decisionrequest-detail", args=[data["id"]]),
        {"payload": {"thresholds": {"b_min": "80"}}},
        format="json",
    )
    assert patched.status_code == 400


def test_kpi_api_no_longer_changes_the_policy_in_one_call(people, cards):
    api = APIClient()
    api.force_authenticate(people["analyst"])
    url = reverse("api:kpidefinition-detail", args=["otif"])
    before = KpiDefinition.objects.get(code="otif").target
    response = api.patch(url, {"target": "99"}, format="json")
    assert response.status_code == 400 and "scoring policy change" in str(response.json())
    assert KpiDefinition.objects.get(code="otif").target == before


def test_rights_data_changes_are_for_administrators_and_audited(client, people, types):
    """Decision rights, lifecycle moves and fallbacks change in the admin only, for an
    administrator, and every change (inline rights and free roles too) is audited."""
    from django.contrib.auth import get_user_model

    from governance.models import LifecycleMove
    from srm.accounts.models import Role

    policy = types["scoring_policy_change"]
    staff = people["steering"]
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    change_type = reverse("admin:governance_decisiontype_change", args=[policy.pk])
    move = LifecycleMove.objects.get(source="", target="suspended")
    change_move = reverse("admin:governance_lifecyclemove_change", args=[move.pk])
    # A staff member who reads the rights (view permission) may not change them.
    assert client.post(change_type, {"name": "Mine now"}).status_code == 403
    assert client.post(change_move, {"on_agenda": ""}).status_code == 403
    assert policy.name == type(policy).objects.get(pk=policy.pk).name
    # No API writes the rights either.
    api = APIClient()
    api.force_authenticate(people["sponsor"])
    types_url = reverse("api:decisiontype-detail", args=[policy.code])
    assert api.patch(types_url, {"name": "x"}, format="json").status_code in (403, 405)

    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    analyst = Role.objects.get(code="procurement_analyst")
    data = {
        "free_roles": [r.pk for r in move.free_roles.all()] + [analyst.pk],
        "source": "",
        "target": "suspended",
        "decision_type": "",
        "notify_role": move.notify_role_id,
        "on_agenda": "on",
    }
    assert client.post(change_move, data).status_code == 302
    assert analyst in move.free_roles.all()
    row = AuditEvent.objects.filter(object_type="governance.lifecyclemove").latest("pk")
    assert row.actor == admin and analyst.pk in row.after["free_roles"]

    page = client.get(change_type)
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k != "id"}
    data.update({"high_impact_spend": "", "urgent_follow_up_days": "", "urgent_follow_up_role": ""})
    data["high_impact_risk_levels"] = ""
    data["is_active"] = "on"
    formset = page.context["inline_admin_formsets"][0].formset
    data.update(
        {
            f"{formset.prefix}-TOTAL_FORMS": str(len(formset.forms)),
            f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
            f"{formset.prefix}-MIN_NUM_FORMS": "0",
            f"{formset.prefix}-MAX_NUM_FORMS": "1000",
        }
    )
    sponsor = Role.objects.get(code="executive_sponsor")
    steering = Role.objects.get(code="steering_committee")
    for i, sub in enumerate(formset.forms):
        right = sub.instance
        fallback = right.fallback_role_id
        if right.kind == "signs_off" and right.role.code == "steering_committee":
            fallback = steering.pk if fallback == sponsor.pk else sponsor.pk
            changed_right = right
        data.update(
            {
                f"{formset.prefix}-{i}-id": right.pk,
                f"{formset.prefix}-{i}-decision_type": policy.pk,
                f"{formset.prefix}-{i}-role": right.role_id,
                f"{formset.prefix}-{i}-kind": right.kind,
                f"{formset.prefix}-{i}-path": right.path,
                f"{formset.prefix}-{i}-step": right.step,
                f"{formset.prefix}-{i}-days": right.days or "",
                f"{formset.prefix}-{i}-fallback_role": fallback or "",
            }
        )
    response = client.post(change_type, data)
    assert response.status_code == 302
    changed_right.refresh_from_db()
    assert changed_right.fallback_role_id == steering.pk
    row = AuditEvent.objects.filter(
        object_type="governance.decisionright", object_id=str(changed_right.pk)
    ).latest("pk")
    assert row.action == "admin:update" and row.after == {"fallback_role_id": steering.pk}
