"""Certificates and documents (issue 18, scope 5): type by content, size cap, sanitised
names, SHA-256 stored and audited, versions kept, downloads only through the choke point."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pytest
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from srm.audit.models import AuditEvent
from suppliers.files import check_upload, sanitise_name
from suppliers.models import Certificate, Document

from ..factories import CertificateFactory, ContractFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03" + b"\x00" * 64


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active.append(["item", "qty"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def _fresh_documents(monkeypatch):
    """Each test starts with an empty document storage (the field holds its storage)."""
    monkeypatch.setattr(Document._meta.get_field("file"), "storage", InMemoryStorage())


def document_storage():
    return Document._meta.get_field("file").storage


def stored_names() -> list[str]:
    storage = document_storage()
    names = []

    def walk(folder):
        dirs, files = storage.listdir(folder)
        names.extend(f"{folder}/{f}".lstrip("/") for f in files)
        for d in dirs:
            walk(f"{folder}/{d}".lstrip("/"))

    try:
        walk("")
    except FileNotFoundError:
        return []
    return names


# --- the checks themselves ------------------------------------------------------------


@pytest.mark.parametrize(
    "name,content,extension",
    [
        ("a.pdf", PDF, "pdf"),
        ("a.png", PNG, "png"),
        ("a.jpeg", JPEG, "jpg"),
        ("a.jpg", JPEG, "jpg"),
        ("a.xlsx", xlsx_bytes(), "xlsx"),
        ("a.csv", "name;qty\nSchraube M8;12\nÖse;3\n".encode(), "csv"),
    ],
)
def test_allowed_types_are_told_by_content(name, content, extension):
    checked = check_upload(upload(name, content))
    assert checked.extension == extension
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.size == len(content)


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("invoice.pdf", EXE, "not accepted"),  # wrong type by content
        ("report.pdf", PNG, "does not end in .png"),  # a PNG calling itself a PDF
        ("page.csv", b"<html><script>alert(1)</script></html>", "not accepted"),
        ("data.csv", b"a,b\x00c", "not accepted"),
        ("empty.pdf", b"", "empty"),
        ("..\\evil.pdf", PDF, "folder path"),
        ("bad\x01name.pdf", PDF, "control"),
        ("noextension", PDF, "does not end in .pdf"),
    ],
)
def test_hostile_files_are_refused_with_a_clear_reason(name, content, words):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content))
    assert words in " ".join(refused.value.message_dict["file"])


def test_oversize_is_refused(settings):
    from django.core.exceptions import ValidationError

    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        check_upload(upload("big.pdf", PDF + b"0" * (1024 * 1024)))


def test_names_are_sanitised():
    from django.core.exceptions import ValidationError

    assert sanitise_name("Zertifikat ISO 9001 (2026) – Müller.PDF") == (
        "Zertifikat ISO 9001 _2026_ Muller.pdf"
    )
    # Django's upload parser already keeps only the last part of a name; the check refuses
    # a folder part anyway for callers that pass a name of their own.
    for hostile in ("../../etc/passwd.pdf", "/etc/passwd", "C:\\x.pdf", "..", "."):
        with pytest.raises(ValidationError, match="folder path"):
            sanitise_name(hostile)
    assert sanitise_name(".hidden.pdf") == "hidden.pdf"
    assert len(sanitise_name("x" * 500 + ".pdf")) <= 120


# --- services: versions, audit, no orphans ---------------------------------------------


@pytest.mark.django_db
def test_a_new_upload_is_a_new_version_and_the_old_one_stays(make_user, scoped_suppliers):
    from suppliers.services import document_upload

    granted, _other = scoped_suppliers
    manager = make_user("category_manager", categories=[granted.categories.first()])
    first = document_upload(
        actor=manager,
        owner=granted,
        kind="quality",
        title="Quality manual",
        upload=upload("qm.pdf", PDF),
    )
    second = document_upload(
        actor=manager,
        owner=granted,
        kind="quality",
        title="quality  MANUAL",
        upload=upload("qm-2.pdf", PDF + b"%v2"),
    )
    assert (first.version, second.version) == (1, 2)
    assert first.series == second.series
    assert Document.objects.filter(series=first.series).count() == 2
    assert document_storage().open(first.file.name).read() == PDF
    assert second.sha256 == hashlib.sha256(PDF + b"%v2").hexdigest()
    audit = AuditEvent.objects.filter(object_type="suppliers.document", object_id=str(second.pk))
    assert audit.get().after["sha256"] == second.sha256
    assert second.file.name.startswith(f"suppliers/{granted.pk}/")


@pytest.mark.django_db
def test_refused_upload_writes_nothing_and_leaves_no_file(make_user, scoped_suppliers):
    from django.core.exceptions import ValidationError

    from suppliers.services import certificate_create, document_upload

    granted, _other = scoped_suppliers
    manager = make_user("category_manager", categories=[granted.categories.first()])
    with pytest.raises(ValidationError):
        document_upload(
            actor=manager, owner=granted, kind="quality", title="x", upload=upload("x.pdf", EXE)
        )
    with pytest.raises(ValidationError):
        certificate_create(
            actor=manager,
            supplier=granted,
            data={"kind": "iso9001", "expires_on": date(2027, 1, 1)},
            upload=upload("x.pdf", b""),
        )
    # A valid file, but the row cannot be written (valid to before valid from).
    with pytest.raises(ValidationError):
        certificate_create(
            actor=manager,
            supplier=granted,
            data={"kind": "iso9001", "issued_on": date(2027, 1, 1), "expires_on": date(2026, 1, 1)},
            upload=upload("x.pdf", PDF),
        )
    assert not Document.objects.exists() and not Certificate.objects.exists()
    assert stored_names() == []


@pytest.mark.django_db
def test_orphan_file_is_removed_when_the_row_fails(make_user, scoped_suppliers, monkeypatch):
    from suppliers import services

    granted, _other = scoped_suppliers
    manager = make_user("category_manager", categories=[granted.categories.first()])

    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        services.document_upload(
            actor=manager, owner=granted, kind="quality", title="x", upload=upload("x.pdf", PDF)
        )
    assert stored_names() == [] and not Document.objects.exists()


# --- pages ---------------------------------------------------------------------------


@pytest.mark.django_db
class TestPages:
    def test_certificate_upload_page_and_download(
        self, client, make_user, scoped_suppliers, django_assert_max_num_queries
    ):
        granted, other = scoped_suppliers
        manager = make_user("category_manager", categories=[granted.categories.first()])
        client.force_login(manager)
        url = reverse("suppliers:certificate_create", args=[granted.code])
        assert client.get(url).status_code == 200
        assert (
            client.get(reverse("suppliers:certificate_create", args=[other.code])).status_code
            == 404
        )
        bad = client.post(
            url,
            {"kind": "iso9001", "expires_on": "2027-01-01", "file": upload("c.pdf", EXE)},
        )
        assert bad.status_code == 400
        assert "not accepted" in bad.content.decode()
        assert not Certificate.objects.exists() and stored_names() == []
        response = client.post(
            url,
            {
                "kind": "iso9001",
                "reference": "Q-123",
                "issuer": "TÜV",
                "scope": "Machining",
                "issued_on": "2025-01-01",
                "expires_on": "2027-01-01",
                "verified": "on",
                "file": upload("iso.pdf", PDF),
            },
        )
        certificate = Certificate.objects.get()
        assert response.status_code == 302 and response.url == certificate.get_absolute_url()
        assert certificate.verified_by == manager and certificate.verified_at
        document = certificate.documents.get()
        with django_assert_max_num_queries(12):
            page = client.get(certificate.get_absolute_url())
        assert page.status_code == 200 and document.sha256[:12] in page.content.decode()
        download = client.get(reverse("suppliers:document_download", args=[document.pk]))
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Disposition"].startswith("attachment")
        assert 'filename="iso.pdf"' in download["Content-Disposition"]
        assert download["X-Content-Type-Options"] == "nosniff"
        assert download["Content-Type"] == "application/pdf"
        # Edit: a new file is the next version; the first stays.
        edit = client.post(
            reverse("suppliers:certificate_update", args=[certificate.pk]),
            {
                "kind": "iso9001",
                "reference": "Q-124",
                "expires_on": "2028-01-01",
                "verified": "on",
                "file": upload("iso-2028.pdf", PDF + b"%2"),
            },
        )
        assert edit.status_code == 302
        assert list(
            certificate.documents.values_list("version", flat=True).order_by("version")
        ) == [1, 2]

    def test_document_upload_on_supplier_and_contract_pages(
        self, client, make_user, scoped_suppliers, django_assert_max_num_queries
    ):
        granted, _other = scoped_suppliers
        contract = ContractFactory(supplier=granted)
        manager = make_user("category_manager", categories=[granted.categories.first()])
        client.force_login(manager)
        for url, owner_url in (
            (
                reverse("suppliers:supplier_document_create", args=[granted.code]),
                granted.get_absolute_url(),
            ),
            (
                reverse("suppliers:contract_document_create", args=[contract.number]),
                contract.get_absolute_url(),
            ),
        ):
            assert client.get(url).status_code == 200
            refused = client.post(
                url, {"kind": "other", "title": "T", "file": upload("a.csv", b"")}
            )
            assert refused.status_code == 400
            done = client.post(
                url,
                {
                    "kind": "contract",
                    "title": "Signed copy",
                    "file": upload("s.xlsx", xlsx_bytes()),
                },
            )
            assert done.status_code == 302 and done.url == owner_url
        assert Document.objects.filter(contract=contract).count() == 1
        assert Document.objects.filter(contract=None, certificate=None).count() == 1
        contract_doc = Document.objects.get(contract=contract)
        again = client.post(
            reverse("suppliers:document_new_version", args=[contract_doc.pk]),
            {"file": upload("s2.xlsx", xlsx_bytes())},
        )
        assert again.status_code == 302
        assert Document.objects.filter(contract=contract).count() == 2
        with django_assert_max_num_queries(25):
            page = client.get(contract.get_absolute_url())
        assert page.content.decode().count('data-testid="document-download"') == 2
        with django_assert_max_num_queries(40):
            supplier_page = client.get(granted.get_absolute_url())
        assert supplier_page.content.decode().count('data-testid="document-download"') == 1

    def test_download_is_404_to_who_may_not_see_the_owner(
        self, client, make_user, scoped_suppliers
    ):
        from suppliers.services import document_upload

        granted, other = scoped_suppliers
        analyst = make_user("procurement_analyst")
        contract = ContractFactory(supplier=other)
        document = document_upload(
            actor=analyst,
            owner=contract,
            kind="contract",
            title="Signed",
            upload=upload("s.pdf", PDF),
        )
        url = reverse("suppliers:document_download", args=[document.pk])
        manager = make_user("category_manager", categories=[granted.categories.first()])
        collaborator = make_user("collaboration_member")
        for user in (manager, collaborator):
            client.force_login(user)
            assert client.get(url).status_code in (403, 404)
        client.force_login(manager)
        assert client.get(url).status_code == 404
        client.force_login(make_user("auditor"))
        assert client.get(url).status_code == 200


# --- API -----------------------------------------------------------------------------


@pytest.mark.django_db
class TestApi:
    def test_certificate_and_document_rows_carry_sha256_and_download_url(
        self, api_client, make_user, scoped_suppliers, django_assert_max_num_queries
    ):
        granted, other = scoped_suppliers
        manager = make_user("category_manager", categories=[granted.categories.first()])
        api_client.force_authenticate(manager)
        response = api_client.post(
            "/api/certificates/",
            {
                "supplier": granted.code,
                "kind": "iso14001",
                "number": "E-1",
                "valid_from": "2025-02-01",
                "valid_to": "2028-01-31",
                "file": upload("env.pdf", PDF),
            },
            format="multipart",
        )
        assert response.status_code == 201, response.json()
        row = response.json()
        assert row["sha256"] == hashlib.sha256(PDF).hexdigest()
        assert row["number"] == "E-1" and row["valid_to"] == "2028-01-31"
        download = api_client.get(row["download_url"])
        assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
        assert download["Content-Disposition"].startswith("attachment")
        # Outside reach: the supplier "does not exist".
        outside = api_client.post(
            "/api/certificates/",
            {"supplier": other.code, "kind": "iso9001", "valid_to": "2028-01-31"},
            format="multipart",
        )
        assert outside.status_code == 400 and "supplier" in outside.json()
        document = api_client.post(
            "/api/documents/",
            {
                "supplier": granted.code,
                "kind": "audit_report",
                "title": "Audit 2026",
                "file": upload("audit.png", PNG),
            },
            format="multipart",
        )
        assert document.status_code == 201, document.json()
        assert document.json()["version"] == 1 and document.json()["content_type"] == "image/png"
        again = api_client.post(
            "/api/documents/",
            {
                "supplier": granted.code,
                "kind": "audit_report",
                "title": "Audit 2026",
                "file": upload("audit2.png", PNG + b"2"),
            },
            format="multipart",
        )
        assert again.json()["version"] == 2
        versions = api_client.get(
            "/api/documents/", {"supplier": granted.code, "title": "audit 2026"}
        ).json()["results"]
        assert [v["version"] for v in versions] == [2, 1]
        CertificateFactory.create_batch(3, supplier=granted)
        with django_assert_max_num_queries(8):
            listed = api_client.get("/api/certificates/")
        assert listed.status_code == 200 and listed.json()["count"] == 4
        with django_assert_max_num_queries(8):
            docs = api_client.get("/api/documents/")
        assert docs.json()["count"] == 3
        assert all(r["download_url"].endswith("/download/") for r in docs.json()["results"])

    @pytest.mark.parametrize(
        "name,content,field",
        [
            ("evil.pdf", EXE, "file"),
            ("evil.pdf", b"", "file"),
            ("../../etc/passwd", PDF, "file"),
            ("page.csv", b"<svg onload=alert(1)>", "file"),
        ],
    )
    def test_hostile_uploads_answer_400_and_write_nothing(
        self, api_client, make_user, scoped_suppliers, name, content, field
    ):
        granted, _other = scoped_suppliers
        api_client.force_authenticate(
            make_user("category_manager", categories=[granted.categories.first()])
        )
        response = api_client.post(
            "/api/documents/",
            {
                "supplier": granted.code,
                "kind": "other",
                "title": "x",
                "file": upload(name, content),
            },
            format="multipart",
        )
        assert response.status_code == 400
        assert field in response.json()
        assert not Document.objects.exists() and stored_names() == []

    def test_oversize_answers_400(self, api_client, make_user, scoped_suppliers, settings):
        settings.DOCUMENT_MAX_BYTES = 1024
        granted, _other = scoped_suppliers
        api_client.force_authenticate(
            make_user("category_manager", categories=[granted.categories.first()])
        )
        response = api_client.post(
            "/api/documents/",
            {
                "supplier": granted.code,
                "kind": "other",
                "title": "x",
                "file": upload("a.pdf", PDF + b"0" * 2048),
            },
            format="multipart",
        )
        assert response.status_code == 400 and "larger" in str(response.json()["file"])

    def test_api_download_is_404_outside_reach(self, api_client, make_user, scoped_suppliers):
        from suppliers.services import document_upload

        granted, other = scoped_suppliers
        document = document_upload(
            actor=make_user("procurement_analyst"),
            owner=other,
            kind="other",
            title="t",
            upload=upload("a.pdf", PDF),
        )
        api_client.force_authenticate(
            make_user("category_manager", categories=[granted.categories.first()])
        )
        assert api_client.get(f"/api/documents/{document.pk}/download/").status_code == 404
        assert api_client.get(f"/api/documents/{document.pk}/").status_code == 404
        api_client.force_authenticate(make_user("collaboration_member"))
        assert api_client.get(f"/api/documents/{document.pk}/download/").status_code in (403, 404)
