"""The reader's side of in-app notifications (sending is ``srm.core.notifications``)."""

from __future__ import annotations

from django.utils import timezone

from srm.core.models import Notification


def notification_mark_read(*, user, notification: Notification | None = None) -> int:
    """Mark one of the user's notifications, or all of them, as read.

    Not audited: reading is a personal flag, not a change to governed data.
    """
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())
