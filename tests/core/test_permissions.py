"""The permission choke point: roles, tracks, and reach over suppliers."""

import pytest
from django.contrib.auth.models import Permission

from srm.accounts.models import Role
from srm.accounts.roles import ROLE_DEFAULTS
from srm.core import permissions
from suppliers.models import Contract, Receipt, Supplier

from ..factories import ContractFactory, ReceiptFactory, SupplierFactory

pytestmark = pytest.mark.django_db


def test_every_role_of_spec_3_exists_as_a_group_with_scope_and_tracks():
    roles = {r.code: r for r in Role.objects.select_related("group")}
    assert set(roles) == {d.code.value for d in ROLE_DEFAULTS}
    for default in ROLE_DEFAULTS:
        role = roles[default.code.value]
        assert role.group.name == default.code.value
        assert (role.scope, role.collaboration_track, role.management_track) == (
            default.scope.value,
            default.collaboration_track,
            default.management_track,
        )


def test_category_manager_reaches_only_granted_categories(
    make_user, scoped_suppliers, category_pair
):
    inside, outside = scoped_suppliers
    user = make_user("category_manager", categories=[category_pair[0]])
    assert list(permissions.restrict(Supplier.objects.all(), user)) == [inside]
    assert permissions.can_object(user, "change", inside)
    assert not permissions.can_object(user, "change", outside)
    contract_in, contract_out = ContractFactory(supplier=inside), ContractFactory(supplier=outside)
    assert list(permissions.restrict(Contract.objects.all(), user)) == [contract_in]
    assert contract_out not in permissions.restrict(Contract.objects.all(), user, "change")


def test_category_manager_without_grants_reaches_nothing(make_user, scoped_suppliers):
    user = make_user("category_manager")
    assert permissions.can(user, "view", Supplier)
    assert not permissions.restrict(Supplier.objects.all(), user).exists()


def test_unscoped_role_reaches_every_supplier(make_user, scoped_suppliers):
    user = make_user("procurement_analyst")
    assert permissions.restrict(Supplier.objects.all(), user).count() == 2


def test_wider_role_wins_when_a_user_has_two(make_user, scoped_suppliers, category_pair):
    user = make_user("category_manager", "auditor", categories=[category_pair[0]])
    assert permissions.restrict(Supplier.objects.all(), user).count() == 2
    # ... but only for what the wider role may do: the auditor changes nothing.
    assert permissions.restrict(Supplier.objects.all(), user, "change").count() == 1


def test_supplier_collaborator_sees_only_its_own_supplier(make_user, scoped_suppliers):
    mine, _other = scoped_suppliers
    user = make_user("supplier_collaborator", supplier=mine)
    assert list(permissions.restrict(Supplier.objects.all(), user)) == [mine]
    unbound = make_user("supplier_collaborator")
    assert not permissions.restrict(Supplier.objects.all(), unbound).exists()


def test_collaboration_roles_never_reach_the_management_track(make_user, scoped_suppliers):
    ReceiptFactory(supplier=scoped_suppliers[0])
    ContractFactory(supplier=scoped_suppliers[0])
    for role in ("collaboration_member", "supplier_collaborator"):
        user = make_user(role, supplier=scoped_suppliers[0])
        for model in (Contract, Receipt):
            assert not permissions.can(user, "view", model)
            assert not permissions.restrict(model.objects.all(), user).exists()


def test_track_guard_holds_even_if_a_management_permission_is_granted_by_mistake(make_user):
    """An admin adding 'view contract' to the collaboration group does not open contracts."""
    role = Role.objects.get(code="collaboration_member")
    role.group.permissions.add(Permission.objects.get(codename="view_contract"))
    ContractFactory()
    user = make_user("collaboration_member")
    assert not permissions.can(user, "view", Contract)
    assert not permissions.restrict(Contract.objects.all(), user).exists()


def test_no_role_no_access_and_inactive_users(make_user, scoped_suppliers):
    nobody = make_user()
    assert not permissions.can(nobody, "view", Supplier)
    analyst = make_user("procurement_analyst", is_active=False)
    assert not permissions.restrict(Supplier.objects.all(), analyst).exists()


def test_superuser_reaches_everything(make_user, scoped_suppliers):
    admin = make_user(is_superuser=True)
    assert permissions.restrict(Supplier.objects.all(), admin).count() == 2
    assert permissions.can(admin, "delete", Contract)


def test_role_grants_are_loaded_once_per_user(make_user, django_assert_num_queries):
    user = make_user("procurement_analyst")
    permissions.can(user, "view", Supplier)
    with django_assert_num_queries(0):
        for model in (Supplier, Contract, Receipt):
            permissions.can(user, "view", model)


def test_can_supplier_for_rows_not_yet_created(make_user, scoped_suppliers, category_pair):
    inside, outside = scoped_suppliers
    user = make_user("category_manager", categories=[category_pair[0]])
    assert permissions.can_supplier(user, Contract, "add", inside.pk)
    assert not permissions.can_supplier(user, Contract, "add", outside.pk)
    assert not permissions.can_supplier(user, Receipt, "add", inside.pk)  # no add_receipt


def test_supplier_factory_is_reachable_by_code(make_user):
    supplier = SupplierFactory(code="X-1")
    assert permissions.can_object(make_user("auditor"), "view", supplier)
