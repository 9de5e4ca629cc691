"""Trigram GIN indexes behind the search box's ideas and pilots (srm.core.search);
PostgreSQL only."""

from django.db import migrations

from srm.core.search import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("collaboration", "0004_scoreappeal_dispute_foreign_key")]

    operations = [
        trigram_indexes(("collaboration_idea", "title"), ("collaboration_pilot", "title"))
    ]
