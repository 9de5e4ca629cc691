"""``ScoreAppeal.dispute_id`` was a bare integer; it becomes the column of a real foreign
key to ``governance.Dispute``, keeping every appeal's dispute.

The integer field is renamed to ``dispute`` (column ``dispute``) and altered into the
foreign key (column ``dispute_id``), so the schema editor carries the values over on
every database. An id whose dispute no longer exists could not satisfy the constraint:
it is cleared first (a dangling reference, not data)."""

import django.db.models.deletion
from django.db import migrations, models


def clear_dangling_dispute_ids(apps, schema_editor):
    appeal = apps.get_model("collaboration", "ScoreAppeal")
    dispute = apps.get_model("governance", "Dispute")
    appeal.objects.filter(dispute_id__isnull=False).exclude(
        dispute_id__in=dispute.objects.values("pk")
    ).update(dispute_id=None)


class Migration(migrations.Migration):
    dependencies = [
        ("collaboration", "0003_date_ranges"),
        ("governance", "0003_default_role_permissions"),
    ]

    operations = [
        migrations.RunPython(clear_dangling_dispute_ids, migrations.RunPython.noop),
        migrations.RenameField(model_name="scoreappeal", old_name="dispute_id", new_name="dispute"),
        migrations.AlterField(
            model_name="scoreappeal",
            name="dispute",
            field=models.ForeignKey(
                blank=True,
                help_text="The dispute opened on the escalation ladder.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="governance.dispute",
            ),
        ),
    ]
