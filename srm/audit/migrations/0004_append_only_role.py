"""On PostgreSQL, a database role that may append to the audit trail but not rewrite it.

``srm_app`` (NOLOGIN) gets the rights the application needs on every table, and on
the audit tables only SELECT and INSERT (plus UPDATE of the one-row head, which
moves on every append and is signed). The application should connect as a login
role that is a member of ``srm_app`` and does not own the tables; migrations run
as the owner. See README, "Audit trail". Elsewhere (SQLite) this is a no-op.
"""

from django.db import migrations

ROLE = "srm_app"

FORWARD = [
    f"""
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') THEN
            CREATE ROLE {ROLE} NOLOGIN;
        END IF;
    EXCEPTION
        WHEN duplicate_object OR unique_violation THEN NULL;  -- created concurrently
    END
    $$;
    """,
    f"GRANT USAGE ON SCHEMA public TO {ROLE}",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROLE}",
    f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {ROLE}",
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {ROLE}",
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {ROLE}",
    # The trail itself: read and append only.
    f"REVOKE ALL ON audit_auditevent FROM {ROLE}",
    f"GRANT SELECT, INSERT ON audit_auditevent TO {ROLE}",
    f"REVOKE ALL ON audit_audithead FROM {ROLE}",
    f"GRANT SELECT, INSERT, UPDATE ON audit_audithead TO {ROLE}",
]

BACKWARD = [
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON audit_auditevent TO {ROLE}",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON audit_audithead TO {ROLE}",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_head_signature")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
