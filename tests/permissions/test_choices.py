"""Choices (issue 12, finding 3): every row choice a form offers goes through the choke
point, so a category manager is offered, and may send, only rows within reach."""

from __future__ import annotations

import pytest
from django import forms

from risk.forms import ContinuityPlanForm
from srm.core.forms import ChoicesWithinReach
from suppliers.models import Item

from ..factories import CategoryFactory, ContractFactory, SupplierFactory, UserFactory
from .test_side_doors import _import_rooms, _ours, _subclasses


@pytest.mark.django_db
def test_continuity_plan_form_offers_a_category_manager_only_rows_within_reach():
    granted, elsewhere = CategoryFactory(), CategoryFactory()
    own = SupplierFactory(categories=[granted])
    foreign = SupplierFactory(categories=[elsewhere])
    own_contract = ContractFactory(supplier=own, status="active")
    foreign_contract = ContractFactory(supplier=foreign, status="active")
    item = Item.objects.create(code="CRIT-1", name="Part", category=granted, is_critical=True)
    manager = UserFactory(roles=["category_manager"], categories=[granted])

    form = ContinuityPlanForm(user=manager)
    offered = {
        name: list(form[name].field.queryset)
        for name in ("supplier", "alternate_sources", "contract")
    }
    assert foreign not in offered["supplier"] and own in offered["supplier"]
    assert foreign not in offered["alternate_sources"]
    assert own_contract in offered["contract"] and foreign_contract not in offered["contract"]

    # Sending the foreign contract is refused like one that does not exist.
    data = {"supplier": own.pk, "item": item.pk, "contract": foreign_contract.pk}
    form = ContinuityPlanForm(data, user=manager)
    assert not form.is_valid()
    missing = ContinuityPlanForm({**data, "contract": 10**9}, user=manager)
    assert not missing.is_valid()
    assert form.errors["contract"] == missing.errors["contract"]


def test_every_form_with_a_row_choice_restricts_it_through_the_choke_point():
    """A new form with a ``ModelChoiceField`` (or a model form with a foreign key) must
    derive from ``ChoicesWithinReach``; forms that add such a field in ``__init__`` too,
    which this cannot see, take ``user`` for it and so follow the same pattern."""
    for room in ("forms", "views", "filtersets"):
        _import_rooms(room)
    strays = [
        f"{cls.__module__}.{cls.__name__}"
        for cls in _subclasses(forms.BaseForm)
        if _ours(cls)
        and not issubclass(cls, ChoicesWithinReach)
        and any(isinstance(f, forms.ModelChoiceField) for f in cls.base_fields.values())
    ]
    assert not strays, f"forms offering rows past the choke point: {strays}"


def _related_fields(serializer):
    from rest_framework import relations

    for name, field in serializer.fields.items():
        if isinstance(field, relations.ManyRelatedField):
            field = field.child_relation
        if isinstance(field, relations.RelatedField) and not field.read_only:
            yield name, field


def test_every_api_related_field_accepts_only_rows_within_reach():
    """A new serializer naming a row (explicitly or through a model serializer's
    foreign key) must use ``srm.core.api.fields`` (``WithinReach``)."""
    from rest_framework import serializers

    from srm.core.api.fields import WithinReach

    _import_rooms("api.serializers")
    strays = []
    for cls in _subclasses(serializers.Serializer):
        if not _ours(cls) or cls.__name__.startswith("_"):
            continue
        try:
            serializer = cls()
        except TypeError:  # needs arguments of its own; its fields are declared
            serializer = None
        fields = _related_fields(serializer) if serializer is not None else ()
        strays += [
            f"{cls.__module__}.{cls.__name__}.{name}"
            for name, field in fields
            if not isinstance(field, WithinReach)
        ]
    assert not strays, f"API fields naming rows past the choke point: {strays}"


@pytest.mark.django_db
def test_api_answers_not_yours_like_not_there():
    """A category manager naming a foreign contract gets the error of a contract that does
    not exist (was: "The contract belongs to another supplier.")."""
    from rest_framework.test import APIClient

    granted, elsewhere = CategoryFactory(), CategoryFactory()
    own = SupplierFactory(categories=[granted])
    foreign_contract = ContractFactory(supplier=SupplierFactory(categories=[elsewhere]))
    Item.objects.create(code="CRIT-1", name="Part", category=granted, is_critical=True)
    api = APIClient()
    api.force_authenticate(UserFactory(roles=["category_manager"], categories=[granted]))

    def contract_error(number):
        body = {"item": "CRIT-1", "supplier": own.code, "contract": number}
        response = api.post("/api/continuity-plans/", body, format="json")
        assert response.status_code == 400
        return str(response.json()["contract"]).replace(number, "<n>")

    assert contract_error(foreign_contract.number) == contract_error("NO-SUCH-CONTRACT")


@pytest.mark.django_db
def test_supplier_collaborator_assigns_pilot_tasks_only_to_its_people_and_pilot_members():
    from django.core.exceptions import ValidationError
    from rest_framework.test import APIClient

    from collaboration.models import Pilot, SharingPolicy
    from collaboration.services import pilot_task_create

    supplier = SupplierFactory()
    SharingPolicy.objects.update_or_create(supplier=supplier)
    collaborator = UserFactory(roles=["supplier_collaborator"], supplier=supplier)
    colleague = UserFactory(supplier=supplier)
    buyer_member = UserFactory(roles=["collaboration_member"])
    admin = UserFactory(username="admin-like", roles=["auditor"])
    pilot = Pilot.objects.create(
        supplier=supplier, title="Sprint", goal="Go", start_date="2026-01-05"
    )
    pilot.members.set([collaborator, buyer_member])

    form_choices = set(
        __import__("collaboration.forms", fromlist=["PilotTaskForm"])
        .PilotTaskForm(pilot=pilot, user=collaborator)["assignee"]
        .field.queryset
    )
    assert form_choices == {collaborator, colleague, buyer_member}

    with pytest.raises(ValidationError):
        pilot_task_create(actor=collaborator, pilot=pilot, title="T", assignee=admin)
    pilot_task_create(actor=collaborator, pilot=pilot, title="T", assignee=colleague)

    api = APIClient()
    api.force_authenticate(collaborator)

    def assignee_error(username):
        body = {"pilot": pilot.pk, "title": "T", "assignee": username}
        response = api.post("/api/collaboration/pilot-tasks/", body, format="json")
        assert response.status_code == 400, response.content
        return response.json()["assignee"]

    assert assignee_error(admin.username) == assignee_error("no-such-person")
