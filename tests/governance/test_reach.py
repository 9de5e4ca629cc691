"""Creations check the actor's reach in the service, so the page, the API and the demo
loader share one rule (issue 10): a category manager opens disputes, sends requests and
records actions only on the suppliers of their categories."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from governance import services
from governance.models import ActionItem, Dispute, SupplierRequest

pytestmark = pytest.mark.django_db


def test_a_dispute_is_opened_only_on_a_supplier_in_reach(people, supplier, other_supplier):
    with pytest.raises(PermissionDenied):
        services.dispute_open(
            actor=people["catman"], supplier=other_supplier, subject="Late", description="x"
        )
    assert not Dispute.objects.exists()
    services.dispute_open(
        actor=people["catman"], supplier=supplier, subject="Late", description="x"
    )
    # A supplier's score appeal is checked by its own right: the caller says so.
    services.dispute_open(
        actor=people["auditor"],
        supplier=other_supplier,
        subject="Appeal",
        description="x",
        check_reach=False,
    )
    assert Dispute.objects.count() == 2


def test_a_request_is_sent_only_to_a_supplier_in_reach(people, supplier, other_supplier):
    def send(target):
        return services.supplier_request_send(
            actor=people["catman"],
            supplier=target,
            subject="Dates?",
            body="PO 9",
            owner=people["catman"],
            due_at=timezone.now() + timedelta(days=1),
        )

    with pytest.raises(PermissionDenied):
        send(other_supplier)
    send(supplier)
    assert list(SupplierRequest.objects.values_list("supplier", flat=True)) == [supplier.pk]


def test_an_action_item_is_filed_only_on_a_supplier_in_reach(people, supplier, other_supplier):
    def create(target):
        return services.action_item_create(
            actor=people["catman"], title="Chase", due_date=date(2026, 1, 1), supplier=target
        )

    with pytest.raises(PermissionDenied):
        create(other_supplier)
    item = create(supplier)
    with pytest.raises(PermissionDenied):
        services.action_item_update(
            actor=people["catman"], item=item, data={"supplier": other_supplier}
        )
    item.refresh_from_db()
    assert item.supplier == supplier and ActionItem.objects.count() == 1


def test_the_owner_or_whoever_may_change_it_moves_an_actions_status(people, supplier, make_user):
    item = services.action_item_create(
        actor=people["steering"],
        title="Chase",
        due_date=date(2026, 1, 1),
        owner=people["auditor"],  # reads everything, changes nothing: only as the owner
        supplier=supplier,
    )
    with pytest.raises(PermissionDenied):
        services.action_item_set_status(actor=make_user("auditor"), item=item, status="done")
    services.action_item_set_status(actor=people["auditor"], item=item, status="in_progress")
    item.refresh_from_db()
    assert item.status == "in_progress"
    services.action_item_set_status(actor=people["steering"], item=item, status="done")
    item.refresh_from_db()
    assert item.status == "done"
