"""Who holds a role, and for which suppliers: the people side of the decision rights.

The permission choke point answers "may this user take this action"; a decision
right asks something narrower: "does this user hold *this* role for *this*
supplier", since a sign-off fills one role's slot and a person with two roles must
not borrow the reach of one for the slot of the other.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from srm.accounts.models import Role
from srm.accounts.roles import Scope
from srm.core import permissions


def user_holds_role(user, role: Role) -> bool:
    if user is None or not getattr(user, "pk", None) or not user.is_active:
        return False
    return user.groups.filter(pk=role.group_id).exists()


def role_reaches_supplier(user, role: Role, supplier) -> bool:
    """Does ``user``, in ``role``, reach ``supplier``? (A category manager: only for the
    categories granted to them; a supplier-bound role: only its own supplier.)"""
    if not user_holds_role(user, role):
        return False
    if role.scope == Scope.ALL:
        return True
    if role.scope == Scope.CATEGORY:
        return supplier.categories.filter(pk__in=permissions.granted_category_ids(user)).exists()
    if role.scope == Scope.SUPPLIER:
        return getattr(user, "supplier_id", None) == supplier.pk
    return False


def users_in_role(role: Role, supplier=None) -> QuerySet:
    """The active people holding ``role``, limited to those who reach ``supplier`` in it."""
    users = get_user_model().objects.filter(groups=role.group_id, is_active=True)
    if supplier is None or role.scope == Scope.ALL:
        return users.order_by("username")
    if role.scope == Scope.SUPPLIER:
        return users.filter(supplier=supplier).order_by("username")
    from guardian.models import GroupObjectPermission, UserObjectPermission

    from suppliers.models import Category

    category_type = ContentType.objects.get_for_model(Category)
    category_ids = [str(pk) for pk in supplier.categories.values_list("pk", flat=True)]
    codename = permissions.CATEGORY_GRANT.split(".", 1)[1]
    grant = {
        "content_type": category_type,
        "permission__codename": codename,
        "object_pk__in": category_ids,
    }
    by_user = UserObjectPermission.objects.filter(**grant).values("user_id")
    by_group = GroupObjectPermission.objects.filter(**grant).values("group_id")
    return users.filter(Q(pk__in=by_user) | Q(groups__in=by_group)).distinct().order_by("username")


def role_by_code(code: str) -> Role | None:
    return Role.objects.filter(code=code).select_related("group").first()
