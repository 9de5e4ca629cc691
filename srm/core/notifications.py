"""In-app notifications, mirrored by email through Django's email backend."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from .models import Notification


def notification_send(*, recipients: Iterable, subject: str, body: str = "", link: str = "") -> int:
    """Notify each distinct active recipient in-app; email them once the transaction commits."""
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if not users:
        return 0
    Notification.objects.bulk_create(
        [
            Notification(recipient=u, subject=subject[:200], body=body, link=link)
            for u in users.values()
        ]
    )
    messages = [
        (subject, f"{body}\n\n{link}".strip(), settings.DEFAULT_FROM_EMAIL, [u.email])
        for u in users.values()
        if u.email
    ]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return len(users)
