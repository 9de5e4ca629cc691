"""The monthly steering review: the page, the PDF and the API show the same numbers."""

import itertools
import json
import re
import shutil
import subprocess
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from governance import services
from governance.pdf import BASE_URL, RefusedResource, pdf_document, static_files_fetcher
from governance.review import review_build, review_data
from governance.views.review import review_pdf_html
from srm.audit.selectors import audit_head_hash
from srm.core.review import REVIEW_SECTIONS

from ..factories import CertificateFactory, ContractFactory

pytestmark = pytest.mark.django_db

PERIOD = date(2026, 3, 1)
TODAY = datetime(2026, 4, 8, 12, 0, tzinfo=UTC)


def at(day, month=3, hour=10):
    return datetime(2026, month, day, hour, tzinfo=UTC)


@pytest.fixture
def march(people, supplier, price_change, raise_request, prospect):
    """March 2026: two decisions taken (one applied, one rejected), one pending at the end
    of the month, one taken in April; two overdue actions; a renewal and a certificate."""
    with time_machine.travel(at(3), tick=False):
        applied = price_change(price="10.40")
        services.decision_request_sign_off(actor=people["catman"], request=applied)
    with time_machine.travel(at(5), tick=False):
        services.decision_request_sign_off(actor=people["finance"], request=applied)
    with time_machine.travel(at(10), tick=False):
        rejected = raise_request("supplier_approval", people["analyst"], prospect)
    with time_machine.travel(at(12), tick=False):
        services.decision_request_sign_off(
            actor=people["catman"], request=rejected, approve=False, comment="Audit failed."
        )
    with time_machine.travel(at(28), tick=False):
        pending = price_change(price="9.90", effective=date(2026, 5, 1))
    with time_machine.travel(at(2, month=4), tick=False):
        services.decision_request_sign_off(actor=people["catman"], request=pending)
        services.decision_request_sign_off(actor=people["finance"], request=pending)
    with time_machine.travel(at(1), tick=False):
        for title, owner, due in (
            ("Chase insurance certificate", "ops", date(2026, 3, 20)),
            ("Qualify second source", "finance", date(2026, 3, 25)),
            ("Not yet due", "ops", date(2026, 4, 30)),
        ):
            services.action_item_create(
                actor=people["steering"],
                title=title,
                owner=people[owner],
                due_date=due,
                supplier=supplier,
            )
    ContractFactory(supplier=supplier, number="C-RENEWS", renewal_date=date(2026, 5, 15))
    CertificateFactory(supplier=supplier, reference="ISO-EXP", expires_on=date(2026, 4, 20))
    return {"applied": applied, "rejected": rejected, "pending": pending}


@pytest.fixture
def viewer(people):
    return people["steering"]


def _data(user):
    with time_machine.travel(TODAY, tick=False):
        return json.loads(
            json.dumps(review_data(review_build(user=user, period=PERIOD)), cls=DjangoJSONEncoder)
        )


def test_governance_sections_compute_the_months_figures(march, viewer):
    data = _data(viewer)
    decisions = data["decisions"]
    assert decisions["counts"] == {"taken": 2, "approved": 1, "rejected": 1, "pending": 1}
    assert [d["id"] for d in decisions["taken"]] == [march["applied"].pk, march["rejected"].pk]
    assert [d["id"] for d in decisions["pending"]] == [march["pending"].pk]
    # Signed in April: not shown as signed in the March review.
    assert decisions["pending"][0]["sign_offs"] == []
    actions = data["actions_overdue"]
    assert actions["as_of"] == "2026-03-31" and actions["count"] == 2
    assert [a["days_overdue"] for a in actions["items"]] == [11, 6]
    renewals = data["renewals"]
    assert [c["number"] for c in renewals["contracts"]] == ["C-RENEWS"]
    assert renewals["certificate_count"] == 1 and renewals["expired_count"] == 0


def test_sections_render_in_registry_order_with_every_registered_section(march, viewer, client):
    client.force_login(viewer)
    with time_machine.travel(TODAY, tick=False):
        page = client.get(reverse("governance:review", args=["2026-03"]))
    assert page.status_code == 200
    html = page.content.decode()
    keys = re.findall(r'data-review-section="([^"]+)"', html)
    expected = [s.key for s in REVIEW_SECTIONS if s.key in _data(viewer)]
    assert keys == expected
    assert {"decisions", "actions_overdue", "renewals"} <= set(keys)


def _figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="([^"]+)">\s*([^<\s]+)\s*<', html))


def _pdf_text(document) -> list[str]:
    """The text WeasyPrint laid out on the pages, in reading order."""
    from weasyprint.formatting_structure import boxes

    tokens = []

    def walk(box):
        if isinstance(box, boxes.TextBox):
            tokens.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return [t.strip() for t in tokens if t.strip()]


def test_page_pdf_and_api_show_the_same_numbers(march, viewer, client):
    client.force_login(viewer)
    with time_machine.travel(TODAY, tick=False):
        api = client.get("/api/reviews/2026-03/").json()
        page = client.get(reverse("governance:review", args=["2026-03"])).content.decode()
        html = review_pdf_html(user=viewer, period=PERIOD)
        pdf = client.get(reverse("governance:review_pdf", args=["2026-03"]))
    assert api == _data(viewer)
    expected = {
        "decisions-taken": api["decisions"]["counts"]["taken"],
        "decisions-approved": api["decisions"]["counts"]["approved"],
        "decisions-rejected": api["decisions"]["counts"]["rejected"],
        "decisions-pending": api["decisions"]["counts"]["pending"],
        "actions-overdue": api["actions_overdue"]["count"],
        "contracts-renewing": api["renewals"]["contract_count"],
        "certificates-expiring": api["renewals"]["certificate_count"],
    }
    expected = {k: str(v) for k, v in expected.items()}
    assert {k: v for k, v in _figures(page).items() if k in expected} == expected
    assert {k: v for k, v in _figures(html).items() if k in expected} == expected
    # The PDF: a real PDF, drawn without scripts, with the same figures and the head hash.
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "<script" not in html and "<svg" in html
    tokens = _pdf_text(pdf_document(html))
    labelled = {}  # each label's first occurrence (the figure tiles come first)
    for label, value in itertools.pairwise(tokens):
        labelled.setdefault(label.lower(), value)
    assert labelled["decisions taken"] == expected["decisions-taken"]
    assert labelled["approved"] == expected["decisions-approved"]
    assert labelled["rejected"] == expected["decisions-rejected"]
    assert labelled["pending at month end"] == expected["decisions-pending"]
    text = " ".join(tokens)
    assert f"on 2026-03-31: {expected['actions-overdue']}" in text
    assert audit_head_hash() in "".join(tokens)
    assert "Chase insurance certificate" in text and "C-RENEWS" in text
    assert march["applied"].title in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not installed")
def test_pdf_text_extracted_by_poppler_holds_the_figures(march, viewer, client, tmp_path):
    client.force_login(viewer)
    with time_machine.travel(TODAY, tick=False):
        pdf = client.get(reverse("governance:review_pdf", args=["2026-03"])).content
    path = tmp_path / "review.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "C-RENEWS" in text and audit_head_hash()[:16] in text.replace("\n", "")


def test_the_api_answers_json_serialisable_sections_for_each_registered_key(viewer, client):
    client.force_login(viewer)
    response = client.get("/api/reviews/2026-03/")
    assert response.status_code == 200
    body = response.json()
    assert {"decisions", "actions_overdue", "renewals"} <= set(body)
    assert set(body) <= {s.key for s in REVIEW_SECTIONS}


def test_review_needs_the_review_permission(client, people):
    client.force_login(people["engineer"])
    assert client.get(reverse("governance:review", args=["2026-03"])).status_code == 403
    assert client.get(reverse("governance:review_pdf", args=["2026-03"])).status_code == 403
    assert client.get("/api/reviews/2026-03/").status_code == 403


def test_a_month_that_does_not_exist_is_404(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("governance:review", args=["2026-13"])).status_code == 404
    assert client.get("/api/reviews/2026-00/").status_code == 404


def test_latest_redirects_to_the_last_complete_month(client, viewer):
    client.force_login(viewer)
    with time_machine.travel(TODAY, tick=False):
        response = client.get(reverse("governance:review_latest"))
    assert response["Location"] == reverse("governance:review", args=["2026-03"])


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/static/srm/app.css",
        "http://127.0.0.1:8000/static/srm/app.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        BASE_URL + "static/../../../../etc/passwd",
        BASE_URL + "static/%2e%2e/%2e%2e/settings.py",
        BASE_URL + "media/certificates/x.pdf",
        BASE_URL + "static/governance/missing.css",
    ],
)
def test_the_pdf_fetcher_refuses_everything_but_our_static_files(url):
    with pytest.raises(RefusedResource):
        static_files_fetcher().fetch(url)


def test_the_pdf_fetcher_serves_our_static_files():
    response = static_files_fetcher().fetch(BASE_URL + "static/governance/review-print.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_a_foreign_resource_in_the_html_is_not_fetched(monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the PDF renderer tried to reach the network")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    html = (
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        '<img src="file:///etc/hostname"><p>figures</p>'
    )
    document = pdf_document(html)
    assert "figures" in " ".join(_pdf_text(document))
    assert document.write_pdf().startswith(b"%PDF")


def test_review_months_link_back_and_forward(client, viewer):
    client.force_login(viewer)
    with time_machine.travel(TODAY, tick=False):
        html = client.get(reverse("governance:review", args=["2026-02"])).content.decode()
        latest = client.get(reverse("governance:review", args=["2026-04"])).content.decode()
    assert reverse("governance:review", args=["2026-01"]) in html
    assert reverse("governance:review", args=["2026-03"]) in html
    assert 'id="review-next"' not in latest


def test_review_page_query_count_does_not_grow_with_suppliers(viewer, client):
    """Issue 17: the review reads the month's stored scorecards in a constant number of
    queries (no query per supplier), page and PDF alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scorecards.models import Scorecard

    from ..factories import SupplierFactory

    def populate(n, start):
        for i in range(n):
            supplier = SupplierFactory()
            for period, score in ((date(2026, 2, 1), 60 + (i + start) % 30), (PERIOD, 75)):
                Scorecard.objects.create(
                    supplier=supplier,
                    period=period,
                    score=score,
                    standing="B" if score >= 70 else "C",
                    kpis={"otif": {"value": 90.0, "score": 66.7, "n": 10, "target": 95.0}},
                )

    client.force_login(viewer)
    page = reverse("governance:review", args=["2026-03"])
    populate(3, 0)
    with time_machine.travel(TODAY, tick=False):
        with CaptureQueriesContext(connection) as few:
            response = client.get(page)
        assert response.status_code == 200
        assert 'data-section="scorecard_movers"' in response.content.decode()
        populate(27, 3)
        with CaptureQueriesContext(connection) as many:
            assert client.get(page).status_code == 200
        data = _data(viewer)
    assert len(many) == len(few)
    assert data["scorecard_standings"]["scored"] == 30
    assert data["scorecard_kpis"]["kpis"][0]["suppliers"] == 30
    assert len(data["scorecard_movers"]["best"]) == 10


def test_review_shows_a_stored_change_at_once(viewer):
    """The scorecard rows a review read are kept for the next review of the month, but a
    card written since (a recompute, a correction) or a supplier renamed shows at once."""
    from scorecards.models import Scorecard

    from ..factories import SupplierFactory

    supplier = SupplierFactory(name="Before Ltd")
    for period, score in ((date(2026, 2, 1), 80), (PERIOD, 60)):
        Scorecard.objects.create(supplier=supplier, period=period, score=score, standing="B")
    assert _data(viewer)["scorecard_movers"]["worst"][0]["name"] == "Before Ltd"
    card = Scorecard.objects.get(supplier=supplier, period=PERIOD)
    card.score, card.standing = 90, "A"
    card.save()
    data = _data(viewer)
    assert data["scorecard_movers"]["worst"] == []
    assert data["scorecard_movers"]["best"][0]["score"] == 90.0
    assert data["scorecard_standings"]["distribution"]["A"] == 1
    supplier.name = "After Ltd"
    supplier.save()
    assert _data(viewer)["scorecard_movers"]["best"][0]["name"] == "After Ltd"
