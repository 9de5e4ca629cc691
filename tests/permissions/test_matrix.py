"""Walk the permission matrix (``matrix.TABLE``) against the real URLs, and fail when a
URL exists that the matrix does not cover."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from .matrix import TABLE
from .world import PERIOD, ROLES, build_world

# The row a URL's parameter points at, for URLs that take one.
KIND = {
    "suppliers:supplier_detail": "supplier",
    "suppliers:supplier_update": "supplier",
    "suppliers:supplier_transition": "supplier",
    "suppliers:supplier_receipts": "supplier",
    "suppliers:contract_detail": "contract",
    "suppliers:certificate_create": "supplier",
    "suppliers:certificate_detail": "certificate",
    "suppliers:certificate_update": "certificate",
    "suppliers:supplier_document_create": "supplier",
    "suppliers:contract_document_create": "contract",
    "suppliers:document_new_version": "document",
    "suppliers:document_download": "document",
    "api:certificate-detail": "certificate",
    "api:document-detail": "document",
    "api:document-download": "document",
    "suppliers:contract_update": "contract",
    "suppliers:contract_transition": "contract",
    "suppliers:contract_renew": "contract",
    "suppliers:contract_prices": "contract",
    "suppliers:contract_service_levels": "contract",
    "api:contract-activate": "contract",
    "api:contract-renew": "contract",
    "api:contractprice-detail": "contractprice",
    "api:servicelevel-detail": "servicelevel",
    "suppliers:item_detail": "item",
    "suppliers:item_update": "item",
    "suppliers:supplier_contacts": "supplier",
    "suppliers:contact_update": "suppliercontact",
    "suppliers:contact_anonymise": "suppliercontact",
    "suppliers:relationship_owner_remove": "relationshipowner",
    "api:contact-detail": "suppliercontact",
    "api:contact-anonymise": "suppliercontact",
    "api:relationshipowner-detail": "relationshipowner",
    "risk:incident_detail": "incident",
    "risk:incident_update": "incident",
    "api:incident-detail": "incident",
    "api:category-detail": "category",
    "api:supplier-detail": "supplier",
    "api:supplier-transition": "supplier",
    "api:item-detail": "item",
    "api:contract-detail": "contract",
    "api:receipt-detail": "receipt",
    "api:importbatch-detail": "importbatch",
    "scorecards:supplier_scorecard": "supplier",
    "scorecards:explain": "scorecard",
    "scorecards:corrective_action_detail": "correctiveaction",
    "api:scorecard-detail": "scorecard",
    "api:scorecard-explain": "scorecard",
    "api:kpidefinition-detail": "kpidefinition",
    "api:recomputerun-detail": "recomputerun",
    "api:correctiveaction-detail": "correctiveaction",
    "governance:decision_detail": "decisionrequest",
    "governance:decision_update": "decisionrequest",
    "governance:decision_submit": "decisionrequest",
    "governance:decision_sign_off": "decisionrequest",
    "governance:decision_apply": "decisionrequest",
    "governance:decision_withdraw": "decisionrequest",
    "governance:decision_return": "decisionrequest",
    "governance:delegation_end": "delegation",
    "api:decisionrequest-withdraw": "decisionrequest",
    "api:decisionrequest-return": "decisionrequest",
    "api:delegation-detail": "delegation",
    "api:delegation-end": "delegation",
    "governance:dispute_detail": "dispute",
    "governance:dispute_resolve": "dispute",
    "governance:request_detail": "supplierrequest",
    "governance:request_answer": "supplierrequest",
    "governance:meeting_detail": "meeting",
    "governance:meeting_hold": "meeting",
    "governance:meeting_action_create": "meeting",
    "governance:meeting_link_decision": "meeting",
    "governance:action_detail": "actionitem",
    "governance:action_status": "actionitem",
    "governance:notification_read": "notification",
    "governance:review": "period",
    "governance:review_pdf": "period",
    "governance:supplier_governance": "supplier",
    "api:decisiontype-detail": "decisiontype",
    "api:decisionrequest-detail": "decisionrequest",
    "api:decisionrequest-submit": "decisionrequest",
    "api:decisionrequest-sign-off": "decisionrequest",
    "api:decisionrequest-reject": "decisionrequest",
    "api:decisionrequest-apply": "decisionrequest",
    "api:dispute-detail": "dispute",
    "api:dispute-resolve": "dispute",
    "api:supplierrequest-detail": "supplierrequest",
    "api:supplierrequest-answer": "supplierrequest",
    "api:steeringgroup-detail": "steeringgroup",
    "api:meeting-detail": "meeting",
    "api:actionitem-detail": "actionitem",
    "api:review-detail": "period",
    "risk:plan_detail": "continuityplan",
    "risk:plan_update": "continuityplan",
    "risk:exercise_create": "continuityplan",
    "risk:supplier_risk": "supplier",
    "risk:assess": "supplier",
    "api:riskdimension-detail": "riskdimension",
    "api:riskscore-detail": "riskscore",
    "api:riskassessment-detail": "riskassessment",
    "api:continuityplan-detail": "continuityplan",
    "api:continuityexercise-detail": "continuityexercise",
    "collaboration:pilot_detail": "pilot",
    "collaboration:pilot_update": "pilot",
    "collaboration:pilot_transition": "pilot",
    "collaboration:pilot_task_create": "pilot",
    "collaboration:task_move": "pilottask",
    "collaboration:idea_detail": "idea",
    "collaboration:idea_transition": "idea",
    "collaboration:roadmap_update": "roadmapitem",
    "collaboration:forecast_detail": "forecast",
    "collaboration:forecast_share": "forecast",
    "collaboration:forecast_acknowledge": "forecast",
    "collaboration:policy_edit": "supplier",
    "collaboration:supplier_space": "supplier",
    "collaboration:portal_request": "supplierrequest",
    "collaboration:portal_corrective_action": "correctiveaction",
    "collaboration:portal_appeal": "scorecard",
    "api:pilot-detail": "pilot",
    "api:pilot-transition": "pilot",
    "api:pilottask-detail": "pilottask",
    "api:idea-detail": "idea",
    "api:idea-transition": "idea",
    "api:roadmapitem-detail": "roadmapitem",
    "api:forecast-detail": "forecast",
    "api:forecast-acknowledge": "forecast",
    "api:forecast-share": "forecast",
    "api:sharingpolicy-detail": "sharingpolicy",
    "accounts:token_revoke": "apitoken",
    "api:apitoken-detail": "apitoken",
    # People: administrators only (no role of the matrix is one); somebody else's row.
    "accounts:user_detail": "user",
    "accounts:user_access": "user",
    "accounts:user_deactivate": "user",
    "accounts:user_unlock": "user",
    "accounts:user_session_revoke": "user",
    "api:user-detail": "user",
    "api:user-deactivate": "user",
    "accounts:invitation_accept": "onetimekey",
    # Security keys are personal: somebody else's key answers 404.
    "mfa_remove_webauthn": "webauthn",
    "mfa_edit_webauthn": "webauthn",
    # allauth's links carry a one-time key: a made-up one is what a stranger would send.
    "account_confirm_email": "onetimekey",
    "account_reset_password_from_key": "onetimekey",
    # Single sign-on URLs name the identity provider; none is configured in the matrix.
    "openid_connect_login": "ssoprovider",
    "openid_connect_callback": "ssoprovider",
    "saml_acs": "ssoprovider",
    "saml_finish_acs": "ssoprovider",
    "saml_sls": "ssoprovider",
    "saml_metadata": "ssoprovider",
    "saml_login": "ssoprovider",
}
EXCLUDED_NAMESPACES = ("admin",)


@dataclass(frozen=True)
class Cell:
    url_name: str
    method: str
    target: str | None
    role: str
    expected: str


def parse(table: str) -> list[Cell]:
    lines = [ln for ln in table.strip().splitlines() if ln.strip()]
    header = lines[0].split()
    roles = header[header.index("target") + 1 :]
    assert roles == list(ROLES), f"matrix columns {roles} are not the roles {list(ROLES)}"
    cells = []
    for line in lines[1:]:
        name, method, target, *answers = line.split()
        assert len(answers) == len(roles), f"{name} {method} {target}: {len(answers)} answers"
        for role, answer in zip(roles, answers, strict=True):
            cells.append(Cell(name, method, None if target == "-" else target, role, answer))
    return cells


CELLS = parse(TABLE)


def named_urls() -> dict[str, str]:
    """Every named URL of the project (outside the admin), with its pattern."""
    found = {}

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or None
                full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
                if (pattern.namespace or "") in EXCLUDED_NAMESPACES:
                    continue
                walk(pattern.url_patterns, prefix + str(pattern.pattern), full)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found[name] = prefix + str(pattern.pattern)

    walk(get_resolver().url_patterns, "", None)
    return found


def test_every_url_has_rows_and_every_row_a_url():
    urls = named_urls()
    covered = {c.url_name for c in CELLS}
    missing = sorted(set(urls) - covered)
    assert not missing, f"URLs without a row in the permission matrix: {missing}"
    unknown = sorted(covered - set(urls))
    assert not unknown, f"matrix rows for URLs that do not exist: {unknown}"
    with_params = sorted(n for n, p in urls.items() if re.search(r"<|\(\?P<", p))
    assert not [n for n in with_params if n not in KIND], "add these URLs to KIND"


def test_matrix_size():
    """Every role, on every row: the number quoted in the closing note."""
    rows = {(c.url_name, c.method, c.target) for c in CELLS}
    assert len(CELLS) == len(rows) * len(ROLES)
    assert len(rows) >= len(named_urls())


class PermissionMatrixTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def url(self, cell: Cell, user) -> str:
        kind = KIND.get(cell.url_name)
        if kind is None:
            return reverse(cell.url_name)
        if kind == "onetimekey":
            pattern = named_urls()[cell.url_name]
            kwargs = {"key": "made-up"} | ({"uidb36": "1"} if "uidb36" in pattern else {})
            return reverse(cell.url_name, kwargs=kwargs)
        if kind == "ssoprovider":
            pattern = named_urls()[cell.url_name]
            param = "organization_slug" if "organization_slug" in pattern else "provider_id"
            return reverse(cell.url_name, kwargs={param: "company"})
        if kind == "period":
            return reverse(cell.url_name, kwargs={"period": f"{PERIOD:%Y-%m}"})
        if kind == "notification" and cell.target == "own":
            row = user.notifications.first()
        else:
            row = self.world.rows.get((cell.target, kind)) or self.world.rows[(None, kind)]
        pattern = named_urls()[cell.url_name]
        if "<str:code>" in pattern or "(?P<code>" in pattern:
            value = row if isinstance(row, str) else row.code
            return reverse(cell.url_name, kwargs={"code": value})
        if "<str:number>" in pattern or "(?P<number>" in pattern:
            return reverse(cell.url_name, kwargs={"number": row.number})
        return reverse(cell.url_name, kwargs={"pk": row.pk})

    def answer(self, cell: Cell) -> str:
        user = self.world.users[cell.role]
        is_api = cell.url_name.startswith("api:")
        client = APIClient() if is_api else Client()
        client.force_login(user)
        url = self.url(cell, user)
        send = getattr(client, cell.method.lower())
        kwargs = {"format": "json"} if is_api and cell.method in ("POST", "PATCH") else {}
        # Every request in a savepoint that is rolled back: a write by one role must not
        # change what the next role finds.
        try:
            with transaction.atomic():
                if cell.method in ("POST", "PATCH"):
                    response = send(url, {}, **kwargs)
                else:
                    response = send(url)
                transaction.set_rollback(True)
        except Exception as exc:  # a 500 is an answer too, and a wrong one
            return f"500 ({type(exc).__name__}: {exc})"
        return str(response.status_code)

    def test_every_cell(self):
        wrong = []
        for cell in CELLS:
            got = self.answer(cell)
            if cell.expected == "ok":
                passed = got.isdigit() and int(got) < 500 and got not in ("403", "404", "405")
            else:
                passed = got == cell.expected
            if not passed:
                wrong.append(
                    f"{cell.url_name} {cell.method} {cell.target or '-'} {cell.role}: "
                    f"expected {cell.expected}, got {got}"
                )
        assert not wrong, f"{len(wrong)} of {len(CELLS)} cells differ:\n" + "\n".join(wrong)
