"""The one notification writer: in-app rows for each distinct active recipient, one
email each once the transaction commits, and no email inside ``email_suppressed()``."""

import pytest
from django.core import mail

from srm.core.models import Notification
from srm.core.notifications import email_suppressed, notification_send

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_each_distinct_active_recipient_is_notified_and_emailed_on_commit(
    django_capture_on_commit_callbacks,
):
    ann, bob = UserFactory(), UserFactory()
    gone = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        sent = notification_send(recipients=[ann, bob, ann, gone, None], subject="Hello")
    assert sent == 2
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == sorted(
        [ann.username, bob.username]
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ann.email, bob.email])


def test_inside_email_suppressed_only_the_in_app_rows_are_written(
    django_capture_on_commit_callbacks,
):
    ann = UserFactory()
    with django_capture_on_commit_callbacks(execute=True), email_suppressed():
        assert notification_send(recipients=[ann], subject="Quiet") == 1
    assert Notification.objects.filter(recipient=ann, subject="Quiet").exists()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipients=[ann], subject="Loud")
    assert [m.subject for m in mail.outbox] == ["Loud"]
