"""How governance notifies: through ``srm.core.notifications`` (in-app, plus email on
commit), except inside ``email_suppressed()``, where only the in-app rows are written.
The demo seeder uses that, so loading two years of history does not print hundreds of
emails to the console."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from srm.core.models import Notification
from srm.core.notifications import notification_send

_EMAIL_SUPPRESSED: ContextVar[bool] = ContextVar("governance_email_suppressed", default=False)


@contextmanager
def email_suppressed():
    token = _EMAIL_SUPPRESSED.set(True)
    try:
        yield
    finally:
        _EMAIL_SUPPRESSED.reset(token)


def notify(*, recipients: Iterable, subject: str, body: str = "", link: str = "") -> int:
    if not _EMAIL_SUPPRESSED.get():
        return notification_send(recipients=recipients, subject=subject, body=body, link=link)
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    Notification.objects.bulk_create(
        [
            Notification(recipient=u, subject=subject[:200], body=body, link=link)
            for u in users.values()
        ]
    )
    return len(users)
