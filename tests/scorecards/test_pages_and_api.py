"""Scorecard pages and endpoints through the choke point; what-if; corrective actions."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from scorecards.models import (
    CorrectiveAction,
    KpiDefinition,
    RecomputeRun,
    Scorecard,
    ScoringPolicy,
)
from srm.audit.models import AuditEvent

from ..factories import SupplierFactory
from ..mixins import APIModelTests, APIUpdateTests, PageTests

pytestmark = pytest.mark.django_db


def make_card(supplier, period=date(2026, 2, 1), score="80.0", standing="B", otif=90.0):
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


def client_login(client, user):
    client.force_login(user)
    return client


def make_action(supplier):
    return CorrectiveAction.objects.create(
        supplier=supplier, source="manual", title="Fix it", due_date=date(2026, 5, 1)
    )


class TestScorecardAPI(APIModelTests):
    model = Scorecard
    basename = "scorecard"
    denied_roles = ("collaboration_member",)

    def create_object(self, supplier):
        return make_card(supplier)

    def test_filters(self, api_client, make_user, scoped_suppliers):
        a, b = scoped_suppliers
        make_card(a, standing="A", score="90.0")
        make_card(b, standing="D", score="40.0")
        make_card(a, period=date(2026, 3, 1), standing="C", score="60.0")
        api_client.force_authenticate(make_user("auditor"))
        url = reverse("api:scorecard-list")

        def codes(**params):
            return sorted(
                (r["supplier"], r["period"]) for r in api_client.get(url, params).json()["results"]
            )

        assert codes(period="2026-02") == sorted([(a.code, "2026-02"), (b.code, "2026-02")])
        assert codes(standing="D") == [(b.code, "2026-02")]
        assert codes(supplier=a.code, period="2026-03") == [(a.code, "2026-03")]
        assert codes(category="other") == [(b.code, "2026-02")]
        assert api_client.get(url, {"period": "2026-13"}).status_code == 400

    def test_kpi_entries_carry_unit_and_weight(self, api_client, make_user, scoped_suppliers):
        make_card(scoped_suppliers[0])
        api_client.force_authenticate(make_user("auditor"))
        otif = api_client.get(reverse("api:scorecard-list")).json()["results"][0]["kpis"]["otif"]
        assert otif == {
            "value": 90.0,
            "score": 66.7,
            "n": 10,
            "target": 95.0,
            "unit": "%",
            "floor": 80.0,
            "weight": 30.0,
            "direction": "higher",
        }


class TestCorrectiveActionAPI(APIModelTests, APIUpdateTests):
    model = CorrectiveAction
    basename = "correctiveaction"
    reader_role = "finance_approver"
    update_data = {"root_cause": "Worn tooling", "status": "in_progress"}

    def create_object(self, supplier):
        return make_action(supplier)

    def test_closing_needs_a_verification(self, api_client, make_user, objects):
        api_client.force_authenticate(make_user("procurement_analyst"))
        url = self.detail_url(objects[0])
        response = api_client.patch(url, {"status": "closed"}, format="json")
        assert response.status_code == 400 and "verification" in response.json()
        response = api_client.patch(
            url, {"status": "closed", "verification": "Audit passed"}, format="json"
        )
        assert response.status_code == 200 and response.json()["closed_at"]


class TestScorecardPages(PageTests):
    model = Scorecard
    list_url_name = "scorecards:portfolio"
    detail_url_name = "scorecards:explain"
    denied_roles = ("collaboration_member",)

    def create_object(self, supplier):
        return make_card(supplier)


class TestCorrectiveActionPages(PageTests):
    model = CorrectiveAction
    list_url_name = "scorecards:corrective_action_list"
    detail_url_name = "scorecards:corrective_action_detail"

    def create_object(self, supplier):
        return make_action(supplier)


def test_supplier_scorecard_tab_outside_reach_is_404(
    client, make_user, scoped_suppliers, category_pair
):
    inside, outside = scoped_suppliers
    make_card(inside)
    client.force_login(make_user("category_manager", categories=[category_pair[0]]))
    assert (
        client.get(reverse("scorecards:supplier_scorecard", args=[inside.code])).status_code == 200
    )
    assert (
        client.get(reverse("scorecards:supplier_scorecard", args=[outside.code])).status_code == 404
    )
    client.force_login(make_user("collaboration_member"))
    assert (
        client.get(reverse("scorecards:supplier_scorecard", args=[inside.code])).status_code == 403
    )


@pytest.mark.parametrize("page", ["portfolio", "tab", "explain"])
def test_query_count_does_not_grow_with_suppliers(
    client, make_user, page, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def populate(n):
        for _ in range(n):
            supplier = SupplierFactory()
            make_card(supplier)
            make_card(supplier, period=date(2026, 1, 1))

    def url():
        card = Scorecard.objects.order_by("pk").first()
        return {
            "portfolio": reverse("scorecards:portfolio") + "?period=2026-02",
            "tab": reverse("scorecards:supplier_scorecard", args=[card.supplier.code]),
            "explain": reverse("scorecards:explain", args=[card.pk]),
        }[page]

    client.force_login(make_user("procurement_analyst"))
    populate(3)
    target = url()
    with CaptureQueriesContext(connection) as few:
        assert client.get(target).status_code == 200
    populate(27)
    with django_assert_max_num_queries(len(few)):
        assert client.get(target).status_code == 200


class TestWhatIf:
    @pytest.fixture
    def cards(self, scoped_suppliers):
        a, b = scoped_suppliers
        # a: OTIF 90 (66.7) and defects 1 % (80): 72.0 → B. b: OTIF 96 (100), defects 1 %: 92.0 → A.
        for period in (date(2026, 1, 1), date(2026, 2, 1)):
            make_card(a, period=period, score="72.0", standing="B", otif=90.0)
            make_card(b, period=period, score="92.0", standing="A", otif=96.0)
        return a, b

    def post(self, client, action="preview", **changes):
        kpis = list(KpiDefinition.objects.filter(is_active=True))
        data = {"a_min": "85", "b_min": "70", "c_min": "50", "action": action}
        for kpi in kpis:
            data |= {
                f"{kpi.code}__target": kpi.target,
                f"{kpi.code}__floor": kpi.floor,
                f"{kpi.code}__weight": kpi.weight,
            }
        headers = {k: changes.pop(k) for k in list(changes) if k.startswith("HTTP_")}
        data |= changes
        return client.post(reverse("scorecards:what_if"), data, **headers)

    def test_preview_rescores_without_saving(self, client, make_user, cards):
        client.force_login(make_user("procurement_analyst"))
        # Raising the B threshold to 75 moves supplier a from B to C in both months.
        response = self.post(client, b_min="75")
        preview = response.context["preview"]
        assert len(preview["months"]) == 12
        months = [m for m in preview["months"] if sum(m["now"].values())]
        assert [m["period"] for m in months] == ["2026-01", "2026-02"]
        assert [m["preview"] for m in months] == [
            {"A": 1, "B": 0, "C": 1, "D": 0},
            {"A": 1, "B": 0, "C": 1, "D": 0},
        ]
        assert [m["now"]["B"] for m in months] == [1, 1]
        assert preview["changes"] == [
            {
                "supplier": cards[0].code,
                "name": cards[0].name,
                "score": 72.0,
                "standing": "B",
                "new_score": 72.0,
                "new_standing": "C",
            }
        ]
        assert ScoringPolicy.objects.get().b_min == 70

    def test_month_counts_agree_with_the_list(self, client, make_user, cards):
        # Stored standings swapped (a: A, b: B) while the settings give a B and b A: the
        # two moves cancel out per standing, yet two suppliers change standing.
        Scorecard.objects.filter(supplier=cards[0]).update(standing="A")
        Scorecard.objects.filter(supplier=cards[1]).update(standing="B")
        preview = self.post(client_login(client, make_user("procurement_analyst"))).context[
            "preview"
        ]
        assert len(preview["changes"]) == 2
        assert preview["months"][-1]["changed"] == len(preview["changes"])

    def test_query_count_does_not_grow_with_suppliers(self, client, make_user, cards):
        """Issue 17: the preview reads the stored values of every supplier-month in a
        constant number of queries, whether or not it has them at hand already."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(make_user("procurement_analyst"))
        with CaptureQueriesContext(connection) as few:
            assert self.post(client, b_min="75").status_code == 200
        for i in range(20):
            supplier = SupplierFactory()
            for period in (date(2026, 1, 1), date(2026, 2, 1)):
                make_card(supplier, period=period, score="72.0", standing="B", otif=90.0 + i % 3)
        with CaptureQueriesContext(connection) as many:
            response = self.post(client, b_min="75")
        assert len(many) == len(few)
        assert response.context["preview"]["suppliers"] == 22
        with CaptureQueriesContext(connection) as again:  # same stored rows: kept at hand
            assert self.post(client, b_min="76").status_code == 200
        assert len(again) == len(many) - 1

    def test_preview_sees_a_stored_change_at_once(self, client, make_user, cards):
        """The stored values are kept between previews, but a new or corrected scorecard
        shows in the next preview."""
        client.force_login(make_user("procurement_analyst"))
        before = self.post(client, b_min="75").context["preview"]
        assert [c["supplier"] for c in before["changes"]] == [cards[0].code]
        card = Scorecard.objects.get(supplier=cards[0], period=date(2026, 2, 1))
        card.kpis = {"otif": {"value": 96.0, "score": 100.0, "n": 10, "target": 95.0}}
        card.score, card.standing = Decimal("100.0"), "A"
        card.save()
        after = self.post(client, b_min="75").context["preview"]
        assert after["changes"] == []
        assert after["months"][-1]["preview"] == {"A": 2, "B": 0, "C": 0, "D": 0}

    def test_preview_with_new_weights(self, client, make_user, cards):
        client.force_login(make_user("procurement_analyst"))
        # Only OTIF weighted: a scores 66.7 (C), b 100 (A).
        response = self.post(client, defect_rate__weight="0")
        assert response.context["preview"]["changes"][0]["new_score"] == 66.7

    def test_invalid_settings_answer_400_with_reasons(self, client, make_user, cards):
        client.force_login(make_user("procurement_analyst"))
        response = self.post(client, b_min="90", otif__floor="99")
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert "Thresholds must descend" in str(errors) and "otif__floor" in errors

    def test_invalid_preview_by_htmx_says_what_is_wrong(self, client, make_user, cards):
        # The 400 fragment replaces the last preview (app.js swaps 400 answers).
        client.force_login(make_user("procurement_analyst"))
        self.post(client)  # a first, valid preview
        response = self.post(client, otif__weight="-3", HTTP_HX_REQUEST="true")
        assert response.status_code == 400
        html = response.content.decode()
        assert 'id="preview-errors"' in html and "<html" not in html
        assert "On time in full weight: Ensure this value is greater than or equal to 0." in html

    def test_kpi_inputs_have_accessible_names(self, client, make_user, cards):
        client.force_login(make_user("procurement_analyst"))
        html = client.get(reverse("scorecards:what_if")).content.decode()
        assert 'aria-label="On time in full weight"' in html

    def test_save_raises_a_decision_request_instead(self, client, make_user, cards):
        """New settings can block suppliers: the page no longer saves them in one click
        but raises a scoring policy change for sign-off (tests/governance/test_policy_change.py
        follows it to the saved, audited policy and the recompute)."""
        from governance.models import DecisionRequest

        client.force_login(make_user("procurement_analyst"))
        response = self.post(client, action="save", b_min="75", justification="Stricter B.")
        request = DecisionRequest.objects.get(decision_type__code="scoring_policy_change")
        assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
        assert ScoringPolicy.objects.get().b_min == 70
        assert not AuditEvent.objects.filter(object_type="scorecards.scoringpolicy").exists()

    def test_readers_may_not_open_it(self, client, make_user, cards):
        client.force_login(make_user("finance_approver"))
        assert client.get(reverse("scorecards:what_if")).status_code == 403


def test_kpi_definition_edit_is_management_only(api_client, make_user):
    url = reverse("api:kpidefinition-detail", args=["otif"])
    api_client.force_authenticate(make_user("collaboration_member"))
    assert api_client.patch(url, {"target": "96"}, format="json").status_code == 403
    api_client.force_authenticate(make_user("finance_approver"))
    assert api_client.patch(url, {"target": "96"}, format="json").status_code == 403
    api_client.force_authenticate(make_user("procurement_analyst"))
    assert api_client.patch(url, {"floor": "97"}, format="json").status_code == 400
    # Targets are the scoring policy: a signed decision, not an edit (issue 11).
    assert api_client.patch(url, {"target": "96"}, format="json").status_code == 400
    response = api_client.patch(url, {"description": "On time, in full."}, format="json")
    assert response.status_code == 200 and response.json()["description"] == "On time, in full."


def test_recompute_runs_api(
    api_client, make_user, scoped_suppliers, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(make_user("finance_approver"))
    assert api_client.post(reverse("api:recomputerun-list"), {"scope": "full"}).status_code == 403
    api_client.force_authenticate(make_user("procurement_analyst"))
    assert api_client.post(reverse("api:recomputerun-list"), {"scope": "since"}).status_code == 400
    # Year 0000 matches YYYY-MM but is no month (it was a 500).
    response = api_client.post(
        reverse("api:recomputerun-list"), {"scope": "since", "since": "0000-01"}
    )
    assert response.status_code == 400 and "since" in response.json()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api_client.post(reverse("api:recomputerun-list"), {"scope": "full"})
    # Queued on commit (the run it starts then queues the audit checkpoint's own).
    assert response.status_code == 202
    assert callbacks[0].__qualname__.startswith("recompute_request")
    runs = api_client.get(reverse("api:recomputerun-list")).json()["results"]
    assert runs[0]["status"] == "succeeded"


@pytest.mark.parametrize("started_from", ["page", "api"])
def test_a_recompute_a_person_starts_names_them(
    started_from, client, api_client, make_user, django_capture_on_commit_callbacks
):
    """The run row and the audit name the person who started the run, not "system"."""
    analyst = make_user("procurement_analyst")
    with django_capture_on_commit_callbacks(execute=True):
        if started_from == "page":
            client.force_login(analyst)
            response = client.post(reverse("scorecards:run_start"), {"scope": "full"})
            assert response.status_code == 302
        else:
            api_client.force_authenticate(analyst)
            response = api_client.post(
                reverse("api:recomputerun-list"), {"scope": "since", "since": "2026-02"}
            )
            assert response.status_code == 202
    run = RecomputeRun.objects.get()
    assert run.status == "succeeded"
    assert run.triggered_by == analyst.get_username()
    assert run.scope == ("full" if started_from == "page" else "since")
    audit = AuditEvent.objects.get(action=f"recompute:{run.scope}")
    assert audit.actor_id == analyst.pk and audit.actor_repr == analyst.get_username()


def test_supplier_header_shows_the_current_standing_and_warns_on_c(client, make_user):
    supplier = SupplierFactory()
    make_card(supplier, period=date(2026, 1, 1), score="90.0", standing="A")
    make_card(supplier, period=date(2026, 2, 1), score="60.0", standing="C")
    client.force_login(make_user("procurement_analyst"))
    html = client.get(reverse("suppliers:supplier_detail", args=[supplier.code])).content.decode()
    assert 'class="standing standing-C"' in html and "standing C: watch" in html
    client.force_login(make_user("collaboration_member"))
    html = client.get(reverse("suppliers:supplier_detail", args=[supplier.code])).content.decode()
    assert 'data-testid="header-standing"' not in html


def test_supplier_list_standing_column_and_filter(client, make_user):
    good, bad = SupplierFactory(code="G1"), SupplierFactory(code="B1")
    make_card(good, score="90.0", standing="A")
    make_card(bad, period=date(2026, 1, 1), score="90.0", standing="A")
    make_card(bad, period=date(2026, 2, 1), score="40.0", standing="D")
    client.force_login(make_user("procurement_analyst"))
    url = reverse("suppliers:supplier_list")
    table = client.get(url, {"standing": "D"}).context["table"]
    assert [r.record.code for r in table.page.object_list] == ["B1"]
    ordered = client.get(url, {"sort": "current_standing"}).context["table"]
    assert [r.record.code for r in ordered.page.object_list] == ["B1", "G1"]
    client.force_login(make_user("collaboration_member"))
    response = client.get(url, {"standing": "D"})
    assert "current_standing" not in [c.name for c in response.context["table"].columns]
    assert len(response.context["table"].page.object_list) == 2  # the filter is not offered


def test_corrective_action_page_shows_the_suppliers_answers(client, make_user, scoped_suppliers):
    from collaboration.models import CorrectiveActionResponse

    action = make_action(scoped_suppliers[0])
    CorrectiveActionResponse.objects.create(
        corrective_action=action, body="New fixture in week 12", root_cause="Worn clamp"
    )
    client.force_login(make_user("procurement_analyst"))
    html = client.get(
        reverse("scorecards:corrective_action_detail", args=[action.pk])
    ).content.decode()
    assert "New fixture in week 12" in html and "Worn clamp" in html


def test_review_sections_name_the_month(client, make_user):
    make_card(SupplierFactory(), period=date(2026, 2, 1))
    client.force_login(make_user("steering_committee"))
    html = client.get("/review/2026-02/").content.decode()
    assert "1 supplier scored in February 2026:" in html
    assert "No supplier's score fell in February 2026." in html


def test_kpi_list_shows_targets_without_trailing_zeros(client, make_user):
    client.force_login(make_user("procurement_analyst"))
    html = client.get(reverse("scorecards:kpi_list")).content.decode()
    assert '<td class="text-end">0.5</td>' in html and "0.500" not in html


def test_why_a_supplier_is_blocked_only_for_those_who_see_scorecards(client, make_user):
    supplier = SupplierFactory(
        name="Blocked AB", blocked_for_orders=True, blocked_reason="Standing D in 2026-02"
    )
    make_card(supplier, score="40.0", standing="D")
    detail = reverse("suppliers:supplier_detail", args=[supplier.code])
    client.force_login(make_user("procurement_analyst"))
    assert "Standing D in 2026-02" in client.get(reverse("dashboard")).content.decode()
    assert 'title="Standing D in 2026-02"' in client.get(detail).content.decode()
    client.force_login(make_user("collaboration_member"))
    home = client.get(reverse("dashboard")).content.decode()
    page = client.get(detail).content.decode()
    assert "Blocked AB" in home and "Blocked for new orders" in page
    assert "Standing D" not in home and "Standing D" not in page


def test_run_list_folds_the_counts(client, make_user):
    from django.utils import timezone

    RecomputeRun.objects.create(
        started_at=timezone.now(),
        finished_at=timezone.now(),
        status="succeeded",
        running=None,
        scope="full",
        period_from=date(2024, 12, 1),
        period_to=date(2026, 11, 1),
        counts={"created": 2899, "scored": 2899, "risk": {"risk_scored": 150}},
        timings={"scorecards": 0.835},
    )
    client.force_login(make_user("procurement_analyst"))
    html = client.get(reverse("scorecards:run_list")).content.decode()
    assert "<details><summary>created, risk, scored</summary>" in html
    assert ">2024-12</td>" in html and ">2026-11</td>" in html
