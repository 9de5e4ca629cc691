"""The hash-chained audit trail and ``verify_audit``."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from srm.audit.models import AuditEvent, AuditHead
from srm.audit.services import AuditSubject, audit_chain_verify, audit_record
from srm.audit.tasks import verify_audit_chain
from suppliers.services import supplier_update

from ..factories import SupplierFactory

pytestmark = pytest.mark.django_db


def write_rows(n: int, actor=None):
    for i in range(n):
        audit_record(
            actor=actor,
            action="test",
            subject=AuditSubject("test.thing", str(i), f"thing {i}"),
            after={"i": i, "price": "1.50"},
        )


def test_rows_link_to_their_predecessor(make_user):
    write_rows(3, actor=make_user("procurement_analyst", username="ana"))
    rows = list(AuditEvent.objects.order_by("seq"))
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == "0" * 64
    assert rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash
    assert rows[0].actor_repr == "ana"
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (3, rows[2].hash)


def test_intact_chain_verifies():
    write_rows(5)
    verdict = audit_chain_verify()
    assert verdict.ok and verdict.rows_checked == 5


def test_altered_row_is_named():
    write_rows(5)
    AuditEvent.objects.filter(seq=3).update(after={"i": 2, "price": "0.50"})
    verdict = audit_chain_verify()
    assert not verdict.ok and verdict.first_broken_seq == 3
    assert "altered" in verdict.reason


def test_rehashed_row_still_breaks_the_link():
    """Changing a row and recomputing a plain hash without the key does not fool the check."""
    write_rows(3)
    AuditEvent.objects.filter(seq=2).update(actor_repr="mallory", hash="f" * 64)
    verdict = audit_chain_verify()
    assert not verdict.ok and verdict.first_broken_seq == 2


def test_deleted_middle_row_is_named():
    write_rows(5)
    AuditEvent.objects.filter(seq=3).delete()
    verdict = audit_chain_verify()
    assert not verdict.ok and verdict.first_broken_seq == 3
    assert "missing" in verdict.reason


def test_deleted_newest_rows_are_detected():
    write_rows(5)
    AuditEvent.objects.filter(seq__gte=4).delete()
    verdict = audit_chain_verify()
    assert not verdict.ok and verdict.first_broken_seq == 4


def test_a_different_key_fails_verification(settings):
    write_rows(2)
    settings.AUDIT_HMAC_KEY = "another-key"
    assert audit_chain_verify().first_broken_seq == 1


def test_verify_audit_command_exit_codes(capsys):
    write_rows(3)
    call_command("verify_audit")
    assert "intact: 3 rows" in capsys.readouterr().out
    AuditEvent.objects.filter(seq=2).update(action="tampered")
    with pytest.raises(CommandError) as excinfo:
        call_command("verify_audit")
    assert excinfo.value.returncode == 1
    assert "row #2" in str(excinfo.value)


def test_service_writes_record_before_and_after(make_user):
    user = make_user("procurement_analyst")
    supplier = SupplierFactory(name="Old name", tier=2)
    supplier_update(actor=user, supplier=supplier, data={"name": "New name", "tier": 2})
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.before == {"name": "Old name"} and event.after == {"name": "New name"}
    assert event.object_type == "suppliers.supplier" and event.supplier_code == supplier.code
    assert event.occurred_at.utcoffset().total_seconds() == 0


def test_no_change_writes_no_audit_row(make_user):
    supplier = SupplierFactory(name="Same")
    count = AuditEvent.objects.count()
    supplier_update(
        actor=make_user("procurement_analyst"), supplier=supplier, data={"name": "Same"}
    )
    assert AuditEvent.objects.count() == count


def test_verify_task_returns_the_verdict():
    write_rows(2)
    assert verify_audit_chain.delay().get()["ok"] is True


def test_auditor_reads_the_trail_page_and_others_do_not(client, make_user):
    write_rows(1)
    client.force_login(make_user("auditor"))
    assert client.get("/audit/").status_code == 200
    assert "Intact" in client.post("/audit/verify/").content.decode()
    client.force_login(make_user("procurement_analyst"))
    assert client.get("/audit/").status_code == 403


def test_bulk_append_continues_the_chain(make_user):
    from srm.audit.services import AuditEntry, audit_record_bulk

    write_rows(2)
    supplier = SupplierFactory()
    audit_record_bulk(
        actor=None,
        entries=[
            AuditEntry("standing", instance=supplier, after={"standing": "D"}),
            AuditEntry(
                "recompute", subject=AuditSubject("scorecards.run", "1", "run"), after={"n": 3}
            ),
        ],
    )
    rows = list(AuditEvent.objects.order_by("seq"))
    assert [r.seq for r in rows] == [1, 2, 3, 4]
    assert rows[2].prev_hash == rows[1].hash and rows[2].supplier_code == supplier.code
    assert audit_chain_verify().ok
