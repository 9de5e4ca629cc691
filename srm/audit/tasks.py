from celery import shared_task

from .services import audit_chain_verify


@shared_task
def verify_audit_chain() -> dict:
    """Nightly check of the audit chain; also the task the Celery worker test sends."""
    return audit_chain_verify().as_dict()
