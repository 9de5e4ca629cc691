"""Carry DRF's plain-text tokens (``authtoken_token``, app no longer installed) over to
hashed, expiring API tokens, so existing integrations keep working until the default
expiry; the old table's keys are then deleted, since they are secrets kept in clear."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    expires_at = timezone.now() + timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id FROM authtoken_token")
        rows = cursor.fetchall()
        for key, user_id in rows:
            ApiToken.objects.create(
                user_id=user_id,
                name="DRF token (migrated)",
                prefix=key[:8],
                digest=hashlib.sha256(key.encode()).hexdigest(),
                scope="write",
                expires_at=expires_at,
            )
        cursor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_api_token")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
