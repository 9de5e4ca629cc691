"""Trigram GIN index behind the search box's decisions (srm.core.search); PostgreSQL only."""

from django.db import migrations

from srm.core.search import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("governance", "0008_default_fallbacks_and_delegation_rights")]

    operations = [trigram_indexes(("governance_decisionrequest", "title"))]
