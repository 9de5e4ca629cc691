"""Who holds a role, and for which suppliers: the people side of the decision rights.

The permission choke point answers "may this user take this action"; a decision
right asks something narrower: "does this user hold *this* role for *this*
supplier", since a sign-off fills one role's slot and a person with two roles must
not borrow the reach of one for the slot of the other.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from srm.accounts.models import Role
from srm.core import permissions


def user_holds_role(user, role: Role) -> bool:
    if user is None or not getattr(user, "pk", None) or not user.is_active:
        return False
    return user.groups.filter(pk=role.group_id).exists()


def role_reaches_supplier(user, role: Role, supplier) -> bool:
    """Does ``user``, in ``role``, reach ``supplier``? (A category manager: only for the
    categories granted to them; a supplier-bound role: only its own supplier.)"""
    return user_holds_role(user, role) and permissions.user_reaches_supplier(
        user, role.scope, supplier
    )


def users_in_role(role: Role, supplier=None) -> QuerySet:
    """The active people holding ``role``, limited to those who reach ``supplier`` in it."""
    users = get_user_model().objects.filter(groups=role.group_id, is_active=True)
    if supplier is not None:
        users = permissions.users_reaching_supplier(users, role.scope, supplier)
    return users.order_by("username")
