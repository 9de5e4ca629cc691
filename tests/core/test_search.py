"""Find anything (issue 18, scope 8): the search box, /search/ and GET /api/search/ find
suppliers, contracts, items, decisions, ideas and pilots by code, name or title, and
never a row the user could not open (each kind through the choke point)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from governance.models import DecisionRequest, DecisionType
from srm.core.search import clean_query, search, search_kinds

from ..factories import ContractFactory, IdeaFactory, ItemFactory, PilotFactory, SupplierFactory


@pytest.fixture
def world(category_pair, make_user):
    granted, other = category_pair
    mine = SupplierFactory(code="ACME-01", name="Acme Fasteners", categories=[granted])
    theirs = SupplierFactory(code="ACME-99", name="Acme Castings", categories=[other])
    analyst = make_user("procurement_analyst")
    contracts = {
        "mine": ContractFactory(supplier=mine, number="FA-ACME-2026", title="Acme framework"),
        "theirs": ContractFactory(
            supplier=theirs, number="FA-CAST-2026", title="Acme castings deal"
        ),
    }
    ItemFactory(code="BOLT-M8", name="Acme hex bolt M8")
    decision_type = DecisionType.objects.get(code="price_change")
    for supplier in (mine, theirs):
        DecisionRequest.objects.create(
            decision_type=decision_type,
            supplier=supplier,
            title=f"Acme price review {supplier.code}",
            justification="Index",
            risk_impact="Low",
            requester=analyst,
        )
        IdeaFactory(supplier=supplier, title=f"Acme returnable crates {supplier.code}")
        PilotFactory(supplier=supplier, title=f"Acme kanban pilot {supplier.code}")
    return {"mine": mine, "theirs": theirs, "contracts": contracts, "granted": granted}


def kinds_and_codes(groups):
    return {(kind.kind, hit.code_or_id) for kind, hits in groups for hit in hits}


def test_every_kind_is_registered_by_its_app():
    assert [k.kind for k in search_kinds()] == [
        "supplier",
        "contract",
        "item",
        "decision",
        "idea",
        "pilot",
    ]


def test_queries_are_cleaned():
    assert clean_query("  acme \x00  bolt ") == "acme bolt"
    assert len(clean_query("x" * 500)) == 100


@pytest.mark.django_db
def test_finds_every_kind_by_code_name_or_title(world, make_user):
    auditor = make_user("auditor")
    found = kinds_and_codes(search(auditor, "acme"))
    kinds = {kind for kind, _code in found}
    assert {"supplier", "contract", "item", "decision"} <= kinds
    assert ("supplier", "ACME-01") in found and ("supplier", "ACME-99") in found
    assert ("contract", "FA-CAST-2026") in kinds_and_codes(search(auditor, "FA-CAST"))
    assert ("item", "BOLT-M8") in kinds_and_codes(search(auditor, "bolt-m8"))
    # Ideas and pilots are the collaboration track: the collaboration member finds them.
    member = make_user("collaboration_member")
    member_kinds = {kind for kind, _code in kinds_and_codes(search(member, "acme"))}
    assert {"idea", "pilot", "supplier"} <= member_kinds
    assert "contract" not in member_kinds and "decision" not in member_kinds
    assert search(auditor, "a") == [] and search(auditor, "") == []
    assert search(auditor, "zzzz-nothing-like-it") == []


@pytest.mark.django_db
def test_a_category_manager_does_not_find_rows_out_of_reach(world, make_user):
    manager = make_user("category_manager", categories=[world["granted"]])
    found = kinds_and_codes(search(manager, "acme"))
    codes = {code for _kind, code in found}
    assert ("supplier", "ACME-01") in found and ("contract", "FA-ACME-2026") in found
    assert "ACME-99" not in codes and "FA-CAST-2026" not in codes
    theirs = world["theirs"]
    out_of_reach_decision = str(DecisionRequest.objects.get(supplier=theirs).pk)
    assert ("decision", out_of_reach_decision) not in found
    titles = [hit.title for _kind, hits in search(manager, "acme") for hit in hits]
    assert not any(theirs.code in t for t in titles)


@pytest.mark.django_db
def test_a_supplier_collaborator_finds_only_their_own(world, make_user):
    collaborator = make_user("supplier_collaborator", supplier=world["mine"])
    found = kinds_and_codes(search(collaborator, "acme"))
    assert ("supplier", "ACME-01") in found
    assert ("supplier", "ACME-99") not in found
    assert not any(kind in ("contract", "decision") for kind, _code in found)


@pytest.mark.django_db
def test_page_and_api(world, make_user, client, api_client, django_assert_max_num_queries):
    manager = make_user("category_manager", categories=[world["granted"]])
    client.force_login(manager)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("search"), {"q": "acme"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-search-kind="supplier"' in html and 'data-search-kind="contract"' in html
    assert world["mine"].get_absolute_url() in html
    assert "ACME-99" not in html and "FA-CAST-2026" not in html
    assert 'id="nav-search"' in html  # the box in the navigation
    short = client.get(reverse("search"), {"q": "a"})
    assert short.status_code == 200 and "at least 2" in short.content.decode()
    api_client.force_authenticate(manager)
    with django_assert_max_num_queries(20):
        response = api_client.get("/api/search/", {"q": "FA-ACME"})
    assert response.status_code == 200
    rows = response.json()
    assert rows and set(rows[0]) == {"kind", "code_or_id", "title", "url"}
    assert {
        "kind": "contract",
        "code_or_id": "FA-ACME-2026",
        "title": "Acme framework",
        "url": world["contracts"]["mine"].get_absolute_url(),
    } in rows
    nothing = api_client.get("/api/search/", {"q": "FA-CAST"})
    assert all(r["code_or_id"] != "FA-CAST-2026" for r in nothing.json())
    # NUL never reaches the search (the request guard answers 400 first).
    assert api_client.get("/api/search/", {"q": "\x00"}).status_code == 400


@pytest.mark.django_db
def test_query_count_stays_constant_with_more_rows(world, make_user, django_assert_max_num_queries):
    auditor = make_user("auditor")
    for n in range(15):
        SupplierFactory(code=f"ACME-X{n}", name=f"Acme extra {n}")
    with django_assert_max_num_queries(20):
        groups = search(auditor, "acme")
    supplier_hits = next(hits for kind, hits in groups if kind.kind == "supplier")
    assert len(supplier_hits) == 10  # at most ten per kind


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_ranks_by_similarity_and_full_text(world, make_user):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_trgm'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert "suppliers_supplier_name_trgm" in indexes
    assert "governance_decisionrequest_title_trgm" in indexes
    assert "collaboration_pilot_title_trgm" in indexes
    auditor = make_user("auditor")
    # A typo still finds by trigram similarity; icontains alone would not.
    found = kinds_and_codes(search(auditor, "Acme Fastners"))
    assert ("supplier", "ACME-01") in found
    # Full-text: words in another order.
    assert ("contract", "FA-ACME-2026") in kinds_and_codes(search(auditor, "framework acme"))
    manager = make_user("category_manager", categories=[world["granted"]])
    codes = {code for _kind, code in kinds_and_codes(search(manager, "Acme Castngs"))}
    assert "ACME-99" not in codes and "FA-CAST-2026" not in codes
