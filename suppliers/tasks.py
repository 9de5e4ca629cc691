from celery import shared_task

from . import contract_services, services


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def contract_notice_reminders() -> int:
    """Daily: remind contract owners 60, 30 and 7 days before a notice deadline (idempotent)."""
    return services.contract_notice_reminders_send()


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def contracts_expire() -> int:
    """Daily: active contracts past their end date that do not renew by themselves expire."""
    return contract_services.contracts_expire_due()
