"""Two people approving at the same moment cannot both apply a request (SPEC §3)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from governance import services
from governance.models import DecisionRequest, SignOff
from srm.audit.models import AuditEvent
from srm.audit.services import audit_chain_verify
from suppliers.models import ContractPrice


def _applied_rows(request) -> int:
    return AuditEvent.objects.filter(
        object_type="governance.decisionrequest",
        object_id=str(request.pk),
        action="transition:applied",
    ).count()


@pytest.mark.django_db
def test_a_stale_copy_cannot_sign_or_apply_again(price_change, people):
    """The service re-reads the request under a row lock: a second approver who loaded
    the page before the first one signed finds it decided, and nothing is applied twice."""
    request = price_change()
    services.decision_request_sign_off(actor=people["catman"], request=request)
    seen_by_finance = DecisionRequest.objects.get(pk=request.pk)
    seen_by_finance2 = DecisionRequest.objects.get(pk=request.pk)
    services.decision_request_sign_off(actor=people["finance"], request=seen_by_finance)
    assert seen_by_finance2.state == "submitted"
    with pytest.raises(ValidationError, match="applied"):
        services.decision_request_sign_off(actor=people["finance2"], request=seen_by_finance2)
    assert SignOff.objects.filter(request=request).count() == 2
    assert _applied_rows(request) == 1
    assert ContractPrice.objects.filter(effective_from=date(2026, 3, 1)).count() == 1


def _race(calls):
    """Run each call in its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = ("ok", call())
        except Exception as exc:
            outcomes[index] = ("error", exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("signers", [("finance", "finance2"), ("catman2", "finance")])
def test_concurrent_sign_offs_apply_once(price_change, people, signers):
    """PostgreSQL, real threads: two sign-offs hit the same request at the same moment.
    Competing for one slot, one wins and the other is refused; filling the two last
    slots, both land and the change is applied exactly once."""
    request = price_change(price="11.25")
    if signers[0] == "finance":
        services.decision_request_sign_off(actor=people["catman"], request=request)
    outcomes = _race(
        [
            lambda who=who: services.decision_request_sign_off(
                actor=people[who], request=DecisionRequest.objects.get(pk=request.pk)
            )
            for who in signers
        ]
    )
    request.refresh_from_db()
    assert request.state == "applied"
    assert _applied_rows(request) == 1
    assert ContractPrice.objects.filter(unit_price=Decimal("11.25")).count() == 1
    assert SignOff.objects.filter(request=request).count() == 2
    errors = [o for o in outcomes if o[0] == "error"]
    if signers[0] == "finance":
        assert len(errors) == 1, outcomes
    else:
        assert not errors, outcomes
    assert audit_chain_verify().ok
