"""Roles from the directory: what the identity provider's groups give a user, applied at
every single sign-on (srm.accounts.signals)."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from srm.audit.services import audit_record
from srm.core.permissions import category_grants_change

from .models import DirectoryGroupRule, Role, User


@dataclass
class DirectoryChanges:
    roles_added: list[str] = field(default_factory=list)
    roles_removed: list[str] = field(default_factory=list)
    categories_added: list[str] = field(default_factory=list)
    categories_removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(
            (self.roles_added, self.roles_removed, self.categories_added, self.categories_removed)
        )


def claims_of(sociallogin) -> dict:
    """The identity provider's claims about the user: OpenID Connect keeps the userinfo
    answer and the ID token's claims side by side; SAML, the attributes."""
    data = sociallogin.account.extra_data or {}
    return data.get("userinfo") or data.get("id_token") or data


# Values of ``SSO_ACTIVE_CLAIM`` that say the directory has switched the account off.
_DISABLED = {"false", "0", "no", "disabled", "inactive"}


def disabled_in_directory(claims: dict) -> bool:
    """Does the claim named by ``SSO_ACTIVE_CLAIM`` (none: never) say the account is off?"""
    name = settings.SSO_ACTIVE_CLAIM
    if not name or name not in claims:
        return False
    value = claims[name]
    if isinstance(value, list):
        value = value[0] if value else ""
    return value is False or str(value).strip().lower() in _DISABLED


def groups_from_claims(claims: dict) -> list[str]:
    """The user's groups in the claim named by ``SSO_GROUPS_CLAIM`` (a list or one string)."""
    value = claims.get(settings.SSO_GROUPS_CLAIM) or []
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value]


def decide(
    rules: list[tuple[str, int | None, set[int]]], groups: set[str]
) -> tuple[set[int], set[int], set[int], set[int]]:
    """(roles managed, roles wanted, categories managed, categories wanted) from the rules
    as (group, role id, category ids): managed is what any rule names, wanted what the
    rules of the user's groups name."""
    managed_roles = {role for _, role, _ in rules if role}
    wanted_roles = {role for group, role, _ in rules if role and group in groups}
    managed_cats = set().union(*(cats for _, _, cats in rules)) if rules else set()
    wanted_cats = set().union(*(cats for g, _, cats in rules if g in groups)) if rules else set()
    return managed_roles, wanted_roles, managed_cats, wanted_cats


@transaction.atomic
def directory_roles_apply(*, user: User, groups: list[str]) -> DirectoryChanges:
    """Give and take the directory-managed roles and category grants of ``user`` so they
    match ``groups``; every change is audited."""
    rules = [
        (r.group, r.role_id, {c.pk for c in r.categories.all()})
        for r in DirectoryGroupRule.objects.prefetch_related("categories")
    ]
    managed_roles, wanted_roles, managed_cats, wanted_cats = decide(rules, set(groups))
    changes = DirectoryChanges()
    held = set(Role.objects.filter(group__user=user).values_list("pk", flat=True))
    for role in Role.objects.filter(pk__in=(wanted_roles - held)).select_related("group"):
        user.groups.add(role.group)
        changes.roles_added.append(role.code)
    for role in Role.objects.filter(pk__in=(managed_roles - wanted_roles) & held).select_related(
        "group"
    ):
        user.groups.remove(role.group)
        changes.roles_removed.append(role.code)
    changes.categories_added, changes.categories_removed = category_grants_change(
        user, grant=wanted_cats, revoke=managed_cats - wanted_cats
    )
    if changes:
        audit_record(
            actor=user,
            action="directory.roles_apply",
            instance=user,
            before={
                "roles": sorted(changes.roles_removed),
                "categories": sorted(changes.categories_removed),
            },
            after={
                "groups": sorted(groups),
                "roles": sorted(changes.roles_added),
                "categories": sorted(changes.categories_added),
            },
        )
    return changes
