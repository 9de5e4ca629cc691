from celery import shared_task

from . import services


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def governance_tick() -> dict:
    """Periodic (hourly): escalate disputes whose ladder step ran out of time, and tell
    owners once about supplier requests and action items that went overdue; remind the
    signers of overdue sign-off steps and move those steps to their fallback role."""
    return {
        "disputes_escalated": services.disputes_escalate_due(),
        "requests_overdue_notified": services.overdue_requests_notify(),
        "actions_overdue_notified": services.overdue_actions_notify(),
        "sign_off_steps_to_fallback": services.decision_steps_overdue_process(),
    }
