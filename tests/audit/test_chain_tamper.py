"""An audit chain that survives a database administrator (issue 12, finding 1): a signed
head, signed checkpoints outside the database, and on PostgreSQL a role that cannot
UPDATE or DELETE audit rows."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from srm.audit.chain import head_mac
from srm.audit.checkpoints import (
    AuditChainError,
    checkpoint_names,
    checkpoint_read,
    checkpoint_write,
    checkpoints,
)
from srm.audit.models import AuditEvent, AuditHead
from srm.audit.services import AuditSubject, audit_chain_verify, audit_record, hmac_key

pytestmark = pytest.mark.django_db


def write_rows(n: int):
    for i in range(n):
        audit_record(
            actor=None, action="test", subject=AuditSubject("test.thing", str(i), f"thing {i}")
        )


def cut_tail_to(seq: int, *, resign: bool = False):
    """Finding 1's attack: delete the newest rows and point the head at the last one left."""
    AuditEvent.objects.filter(seq__gt=seq).delete()
    last = AuditEvent.objects.get(seq=seq)
    update = {"seq": last.seq, "hash": last.hash}
    if resign:  # an attacker who also holds the key
        update["mac"] = head_mac(hmac_key(), last.seq, last.hash)
    AuditHead.objects.filter(pk=1).update(**update)


def test_cut_tail_with_the_head_moved_back_is_detected():
    write_rows(5)
    cut_tail_to(3)
    verdict = audit_chain_verify()
    assert not verdict.ok
    assert "head's signature" in verdict.reason


def test_cut_tail_with_a_resigned_head_is_caught_by_the_checkpoint():
    write_rows(5)
    checkpoint_write(reason="test")
    cut_tail_to(3, resign=True)
    verdict = audit_chain_verify()
    assert not verdict.ok and verdict.first_broken_seq == 4
    assert "checkpoint" in verdict.reason and "#5" in verdict.reason


def test_deleted_head_is_an_error_not_an_intact_chain():
    write_rows(3)
    AuditHead.objects.all().delete()
    verdict = audit_chain_verify()
    assert not verdict.ok
    assert "head is missing" in verdict.reason


def test_emptied_trail_is_caught_by_the_checkpoint():
    write_rows(3)
    checkpoint_write(reason="test")
    AuditEvent.objects.all().delete()
    AuditHead.objects.all().delete()
    verdict = audit_chain_verify()
    assert not verdict.ok and verdict.rows_checked == 0
    assert "checkpoint" in verdict.reason


def test_emptied_trail_with_the_head_left_at_zero_is_detected():
    write_rows(3)
    AuditEvent.objects.all().delete()
    AuditHead.objects.filter(pk=1).update(seq=0, hash="0" * 64)
    assert not audit_chain_verify().ok


def test_a_fresh_install_is_intact_with_no_rows():
    verdict = audit_chain_verify()
    assert verdict.ok and verdict.rows_checked == 0


def test_writes_refuse_to_extend_a_chain_whose_head_is_gone_or_forged():
    write_rows(2)
    AuditHead.objects.all().delete()
    with pytest.raises(AuditChainError, match="head is missing"):
        write_rows(1)
    AuditHead.objects.create(pk=1, seq=2, hash=AuditEvent.objects.get(seq=2).hash, mac="0" * 64)
    with pytest.raises(AuditChainError, match="signature"):
        write_rows(1)


def test_a_forged_checkpoint_is_refused():
    write_rows(2)
    checkpoint = checkpoint_write(reason="test")
    from django.core.files.storage import storages

    storage = storages["audit_checkpoints"]
    forged = checkpoint.name.replace(".json", "-forged.json")
    storage.save(forged, storage.open(checkpoint.name))
    storage.delete(checkpoint.name)
    payload = storage.open(forged).read().replace(b'"seq": 2', b'"seq": 9')
    storage.delete(forged)
    storage.save(forged, __import__("io").BytesIO(payload))
    verdict = audit_chain_verify()
    assert not verdict.ok and "signature does not hold" in verdict.reason


def test_checkpoint_is_signed_and_written_once_outside_the_tables():
    write_rows(2)
    first = checkpoint_write(reason="test")
    write_rows(1)
    second = checkpoint_write(reason="test")
    assert first.name != second.name and checkpoint_names() == [first.name, second.name]
    stored = checkpoint_read(second.name)
    head = AuditHead.objects.get(pk=1)
    assert (stored.seq, stored.hash) == (3, head.hash)
    assert stored.signed(hmac_key())
    assert [c.name for c in checkpoints()] == [second.name]


def test_checkpoint_goes_to_the_log(caplog):
    write_rows(1)
    with caplog.at_level("INFO", logger="srm.audit.checkpoints"):
        checkpoint_write(reason="daily")
    assert '"seq": 1' in caplog.text and '"reason": "daily"' in caplog.text


def test_a_recompute_writes_a_checkpoint_after_it_commits(django_capture_on_commit_callbacks):
    from scorecards.recompute import scorecards_recompute

    with django_capture_on_commit_callbacks(execute=True):
        scorecards_recompute(scope="full", today=date(2026, 3, 15))
    names = checkpoint_names()
    assert len(names) == 1
    head = AuditHead.objects.get(pk=1)
    assert checkpoint_read(names[0]).seq == head.seq
    assert AuditEvent.objects.get(seq=head.seq).action == "recompute:full"


def test_a_rolled_back_transaction_writes_no_checkpoint(django_capture_on_commit_callbacks):
    from srm.audit.checkpoints import checkpoint_write_on_commit

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        checkpoint_write_on_commit(reason="test")
        raise RuntimeError("the run failed")
    assert checkpoint_names() == []


def test_daily_checkpoint_task_is_scheduled_and_writes(settings):
    from srm.audit.tasks import write_audit_checkpoint

    schedule = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "srm.audit.tasks.write_audit_checkpoint" in schedule
    write_rows(1)
    assert write_audit_checkpoint.delay().get()["seq"] == 1


def test_verify_audit_checkpoints_reports_what_it_compared(capsys):
    call_command("verify_audit", "--checkpoints")
    assert "No checkpoint stored yet" in capsys.readouterr().out
    write_rows(2)
    first = checkpoint_write(reason="test")
    write_rows(1)
    second = checkpoint_write(reason="test")
    call_command("verify_audit", "--checkpoints")
    out = capsys.readouterr().out
    assert first.name in out and second.name in out
    assert "2 checkpoint(s) agree" in out
    cut_tail_to(2, resign=True)
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit")
    assert failure.value.returncode == 1 and "checkpoint" in str(failure.value)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_srm_app_role_cannot_update_or_delete_audit_rows():
    from django.db.utils import ProgrammingError

    write_rows(2)
    with connection.cursor() as cursor:
        for statement in (
            "UPDATE audit_auditevent SET action = 'x'",
            "DELETE FROM audit_auditevent",
            "DELETE FROM audit_audithead",
            "TRUNCATE audit_auditevent",
        ):
            with (
                pytest.raises(ProgrammingError, match="permission denied"),
                transaction.atomic(),
            ):
                cursor.execute("SET LOCAL ROLE srm_app")
                cursor.execute(statement)
        with transaction.atomic():
            cursor.execute("SET LOCAL ROLE srm_app")
            cursor.execute("SELECT count(*) FROM audit_auditevent")
            assert cursor.fetchone()[0] == 2
            cursor.execute(
                "INSERT INTO audit_auditevent (seq, occurred_at, actor_repr, action, object_type,"
                " object_id, object_repr, supplier_code, prev_hash, hash) VALUES"
                " (99, now(), 'x', 'x', 'x', 'x', 'x', '', 'x', 'x')"
            )
            cursor.execute("UPDATE audit_audithead SET seq = seq")  # the head moves on append
            transaction.set_rollback(True)
