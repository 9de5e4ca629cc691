"""The scorecard pages as declarations on the page kit: the buttons come from the choke
point asked in the template; the corrective action's update form goes through the kit."""

from datetime import date

from django.urls import reverse

from scorecards.models import CorrectiveAction
from srm.audit.models import AuditEvent

from ..factories import SupplierFactory


def make_action(supplier):
    return CorrectiveAction.objects.create(
        supplier=supplier, source="manual", title="Fix it", due_date=date(2026, 5, 1)
    )


def test_kpi_list_offers_the_what_if_to_who_may_change_kpis(client, make_user):
    what_if = reverse("scorecards:what_if")
    client.force_login(make_user("procurement_analyst"))
    assert what_if in client.get(reverse("scorecards:kpi_list")).content.decode()
    client.force_login(make_user("finance_approver"))
    assert what_if not in client.get(reverse("scorecards:kpi_list")).content.decode()


def test_run_list_offers_a_run_to_who_may_start_one(client, make_user):
    start = reverse("scorecards:run_start")
    client.force_login(make_user("procurement_analyst"))
    assert start in client.get(reverse("scorecards:run_list")).content.decode()
    client.force_login(make_user("finance_approver"))
    assert start not in client.get(reverse("scorecards:run_list")).content.decode()


def test_corrective_action_form_only_for_who_may_change_it(client, make_user):
    url = reverse("scorecards:corrective_action_detail", args=[make_action(SupplierFactory()).pk])
    client.force_login(make_user("procurement_analyst"))
    assert 'name="verification"' in client.get(url).content.decode()
    client.force_login(make_user("finance_approver"))
    page = client.get(url)
    assert page.status_code == 200 and 'name="verification"' not in page.content.decode()
    assert client.post(url, {"title": "Taken over"}).status_code == 403


def test_corrective_action_update_saves_or_shows_the_services_error(client, make_user):
    action = make_action(SupplierFactory())
    url = reverse("scorecards:corrective_action_detail", args=[action.pk])
    client.force_login(make_user("procurement_analyst"))
    data = {"title": "Fix it", "due_date": "2026-05-01", "status": "closed"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["verification"] == [
        "Record how the fix was verified before closing."
    ]
    response = client.post(url, {**data, "verification": "Audited on site."}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Corrective action saved." in response.content.decode()
    action.refresh_from_db()
    assert action.status == "closed" and action.closed_at is not None
    assert AuditEvent.objects.filter(object_type="scorecards.correctiveaction").exists()
