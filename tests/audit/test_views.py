"""The audit trail page."""

import pytest
from django.urls import reverse

from srm.audit.services import AuditSubject, audit_record

pytestmark = pytest.mark.django_db


def test_audit_page_folds_long_changes_and_names_its_columns(client, make_user):
    audit_record(
        actor=None,
        action="risk:recompute",
        subject=AuditSubject("risk.riskscore", "", "risk scores"),
        after={f"field_{n}": n for n in range(40)},
    )
    client.force_login(make_user("auditor"))
    html = client.get(reverse("audit:event_list")).content.decode()
    # One nightly row printed its whole JSON in the cell: the page grew to ~36,000 px.
    assert (
        "<details><summary>field_0, field_1, field_10, field_11, field_12 and 35 more</summary>"
        in html
    )
    assert '<pre class="audit-json mb-0">' in html
    assert ">Actor</a>" in html and "Actor repr" not in html and "Object repr" not in html
