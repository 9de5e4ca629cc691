"""Generated test cases (NetBox style): a model's API and page tests declare the
model, how to build a row for a supplier, and create/update data; these mixins
give them the permission and audit tests for free.

Every mixin uses two suppliers: one in the category granted to a scoped user
(a category manager) and one outside it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from srm.audit.models import AuditEvent


class ModelTestBase:
    model = None
    # A role with view (and, for write tests, change) permission, scoped by category.
    scoped_role = "category_manager"
    # Roles that may not take the action at all (403). No role at all by default.
    denied_roles: tuple[str, ...] = ()

    def create_object(self, supplier):
        raise NotImplementedError

    @pytest.fixture
    def objects(self, scoped_suppliers):
        inside, outside = scoped_suppliers
        return self.create_object(inside), self.create_object(outside)

    @pytest.fixture
    def scoped_user(self, make_user, category_pair):
        return make_user(self.scoped_role, categories=[category_pair[0]])

    @pytest.fixture
    def denied_user(self, make_user):
        return make_user(*self.denied_roles)


class APIModelTests(ModelTestBase):
    """GET list and detail: 401/403 without permission, only rows in reach, 404 outside."""

    basename = ""
    lookup_field = "pk"

    def list_url(self):
        return reverse(f"api:{self.basename}-list")

    def detail_url(self, obj):
        return reverse(f"api:{self.basename}-detail", args=[getattr(obj, self.lookup_field)])

    def test_list_needs_authentication(self, api_client, objects):
        assert api_client.get(self.list_url()).status_code in (401, 403)

    def test_list_forbidden_without_permission(self, api_client, objects, denied_user):
        api_client.force_authenticate(denied_user)
        assert api_client.get(self.list_url()).status_code == 403

    def test_list_shows_only_rows_in_reach(self, api_client, objects, scoped_user):
        inside, outside = objects
        api_client.force_authenticate(scoped_user)
        response = api_client.get(self.list_url())
        assert response.status_code == 200
        ids = {row["id"] for row in response.json()["results"]}
        assert inside.pk in ids
        assert outside.pk not in ids

    def test_detail_outside_reach_is_404(self, api_client, objects, scoped_user):
        api_client.force_authenticate(scoped_user)
        assert api_client.get(self.detail_url(objects[1])).status_code == 404

    def test_detail_in_reach_is_200(self, api_client, objects, scoped_user):
        api_client.force_authenticate(scoped_user)
        response = api_client.get(self.detail_url(objects[0]))
        assert response.status_code == 200
        assert response.json()["id"] == objects[0].pk


class APICreateTests:
    """POST: 403 for a role that may only read; 201 and one audit row with permission."""

    creator_role = "category_manager"
    reader_role = "finance_approver"

    def create_data(self, supplier) -> dict:
        raise NotImplementedError

    def test_create_forbidden_for_reader(self, api_client, make_user, scoped_suppliers):
        api_client.force_authenticate(make_user(self.reader_role))
        response = api_client.post(
            self.list_url(), self.create_data(scoped_suppliers[0]), format="json"
        )
        assert response.status_code == 403

    def test_create_writes_row_and_audit(
        self, api_client, make_user, scoped_suppliers, category_pair
    ):
        api_client.force_authenticate(make_user(self.creator_role, categories=[category_pair[0]]))
        before_rows, before_audit = self.model.objects.count(), AuditEvent.objects.count()
        response = api_client.post(
            self.list_url(), self.create_data(scoped_suppliers[0]), format="json"
        )
        assert response.status_code == 201, response.json()
        assert self.model.objects.count() == before_rows + 1
        assert AuditEvent.objects.count() > before_audit


class APIUpdateTests:
    """PATCH: 403 for a reader, 404 outside reach, 200 and an audit row with the change."""

    reader_role = "finance_approver"
    update_data: dict = {}

    def test_update_forbidden_for_reader(self, api_client, make_user, objects):
        api_client.force_authenticate(make_user(self.reader_role))
        response = api_client.patch(self.detail_url(objects[0]), self.update_data, format="json")
        assert response.status_code == 403

    def test_update_outside_reach_is_404(self, api_client, objects, scoped_user):
        api_client.force_authenticate(scoped_user)
        response = api_client.patch(self.detail_url(objects[1]), self.update_data, format="json")
        assert response.status_code == 404

    def test_update_in_reach_writes_audit(self, api_client, objects, scoped_user):
        api_client.force_authenticate(scoped_user)
        response = api_client.patch(self.detail_url(objects[0]), self.update_data, format="json")
        assert response.status_code == 200, response.json()
        event = AuditEvent.objects.order_by("-seq").first()
        assert event.action == "update"
        assert event.object_id == str(objects[0].pk)
        assert set(self.update_data) <= set(event.after)


class PageTests(ModelTestBase):
    """Pages: login redirect, 403 without permission, 404 outside reach, 200 inside."""

    list_url_name = ""
    detail_url_name = ""
    lookup_field = "pk"

    def detail_url(self, obj):
        return reverse(self.detail_url_name, args=[getattr(obj, self.lookup_field)])

    def test_list_redirects_anonymous_to_login(self, client, objects):
        response = client.get(reverse(self.list_url_name))
        assert response.status_code == 302
        assert reverse("login") in response["Location"]

    def test_list_forbidden_without_permission(self, client, objects, denied_user):
        client.force_login(denied_user)
        assert client.get(reverse(self.list_url_name)).status_code == 403

    def test_list_shows_only_rows_in_reach(self, client, objects, scoped_user):
        client.force_login(scoped_user)
        response = client.get(reverse(self.list_url_name))
        assert response.status_code == 200
        page_ids = {row.record.pk for row in response.context["table"].page.object_list}
        assert objects[0].pk in page_ids
        assert objects[1].pk not in page_ids

    def test_detail_outside_reach_is_404(self, client, objects, scoped_user):
        client.force_login(scoped_user)
        assert client.get(self.detail_url(objects[1])).status_code == 404

    def test_detail_in_reach_is_200(self, client, objects, scoped_user):
        client.force_login(scoped_user)
        assert client.get(self.detail_url(objects[0])).status_code == 200
