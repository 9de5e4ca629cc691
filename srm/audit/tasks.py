from celery import shared_task

from .services import audit_chain_verify


@shared_task
def verify_audit_chain() -> dict:
    """Nightly check of the audit chain; also the task the Celery worker test sends."""
    return audit_chain_verify().as_dict()


@shared_task
def write_audit_checkpoint() -> dict:
    """Daily signed checkpoint of the audit head, kept outside the database."""
    from .checkpoints import checkpoint_write

    checkpoint = checkpoint_write(reason="daily")
    return {**checkpoint.as_dict(), "name": checkpoint.name}
