"""In-app notifications, mirrored by email through Django's email backend: the one
writer of ``Notification`` rows, for every app.

Inside ``email_suppressed()`` only the in-app rows are written. The demo seeders use
it, so loading two years of history does not print hundreds of emails to the console.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from .models import Notification

_EMAIL_SUPPRESSED: ContextVar[bool] = ContextVar("srm_email_suppressed", default=False)


@contextmanager
def email_suppressed():
    """Write in-app notifications but send no email, for the duration of the block."""
    token = _EMAIL_SUPPRESSED.set(True)
    try:
        yield
    finally:
        _EMAIL_SUPPRESSED.reset(token)


def notification_send(*, recipients: Iterable, subject: str, body: str = "", link: str = "") -> int:
    """Notify each distinct active recipient in-app; email them once the transaction
    commits (unless inside ``email_suppressed()``)."""
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if not users:
        return 0
    Notification.objects.bulk_create(
        [
            Notification(recipient=u, subject=subject[:200], body=body, link=link)
            for u in users.values()
        ]
    )
    if _EMAIL_SUPPRESSED.get():
        return len(users)
    messages = [
        (subject, f"{body}\n\n{link}".strip(), settings.DEFAULT_FROM_EMAIL, [u.email])
        for u in users.values()
        if u.email
    ]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return len(users)
