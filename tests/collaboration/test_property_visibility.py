"""Property: for random grants (roles, category grants, a supplier binding, sharing
policies), the ids a user gets from the API list, from the list page and from the
selector are the same set, and that set is what the grants say by hand."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collaboration import selectors
from collaboration.models import Forecast, Idea, SharingDataset, SharingPolicy
from srm.accounts.models import Role
from srm.accounts.roles import RoleCode, Scope
from tests.factories import ForecastFactory, IdeaFactory

from ..factories import CategoryFactory, SupplierFactory

pytestmark = pytest.mark.django_db

SUPPLIERS = 4
CATEGORIES = 3

# (model, API basename, list page, selector)
SURFACES = [
    (Idea, "api:idea-list", "collaboration:idea_list", selectors.idea_list),
    (Forecast, "api:forecast-list", "collaboration:forecast_list", selectors.forecast_list),
]

grants = st.fixed_dictionaries(
    {
        # Half the time a plain supplier collaborator: the case the sharing policy is about.
        "roles": st.one_of(
            st.just({RoleCode.SUPPLIER_COLLABORATOR.value}),
            st.sets(st.sampled_from([r.value for r in RoleCode]), max_size=3),
        ),
        "categories": st.sets(st.integers(0, CATEGORIES - 1), max_size=CATEGORIES),
        "supplier": st.one_of(st.none(), st.integers(0, SUPPLIERS - 1)),
        "policies": st.lists(
            st.one_of(st.none(), st.sets(st.sampled_from(SharingDataset.values))),
            min_size=SUPPLIERS,
            max_size=SUPPLIERS,
        ),
    }
)


@pytest.fixture
def world(db):
    categories = [CategoryFactory(code=f"prop-{n}") for n in range(CATEGORIES)]
    suppliers = [
        SupplierFactory(categories=[categories[n % CATEGORIES]]) for n in range(SUPPLIERS - 1)
    ]
    # One supplier in two categories: reach by either grant.
    suppliers.append(SupplierFactory(categories=categories[1:]))
    for supplier in suppliers:
        IdeaFactory(supplier=supplier)
        IdeaFactory(supplier=supplier, status="under_review")
        ForecastFactory(supplier=supplier)
        ForecastFactory(supplier=supplier, status="draft")
    return categories, suppliers


def ids_from_api(api_client, user, url_name) -> set[int]:
    api_client.force_authenticate(user)
    response = api_client.get(reverse(url_name), {"page_size": 1000})
    if response.status_code == 403:
        return set()
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def ids_from_page(client, url_name) -> set[int]:
    response = client.get(reverse(url_name))
    if response.status_code == 403:
        return set()
    assert response.status_code == 200
    table = response.context["table"]
    assert table.paginator.num_pages == 1
    return {row.record.pk for row in table.page.object_list}


def expected_ids(model, grant, categories, suppliers) -> set[int]:
    """The answer worked out from the grants alone, without the choke point."""
    codename = f"view_{model._meta.model_name}"
    roles = Role.objects.filter(
        code__in=grant["roles"], collaboration_track=True, group__permissions__codename=codename
    ).distinct()
    bound = suppliers[grant["supplier"]] if grant["supplier"] is not None else None
    granted = {categories[n].pk for n in grant["categories"]}
    reach = set()
    for role in roles:
        if role.scope == Scope.ALL:
            reach |= {s.pk for s in suppliers}
        elif role.scope == Scope.CATEGORY:
            reach |= {s.pk for s in suppliers if granted & {c.pk for c in s.categories.all()}}
        elif role.scope == Scope.SUPPLIER and bound is not None:
            dataset = getattr(model, "sharing_dataset", None)
            policy = grant["policies"][grant["supplier"]]
            if dataset is None or (policy is not None and dataset in policy):
                reach.add(bound.pk)
    rows = model.objects.filter(supplier_id__in=reach)
    if bound is not None and model is Forecast:
        rows = rows.exclude(status=Forecast.Status.DRAFT)
    return set(rows.values_list("pk", flat=True))


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(grant=grants)
def test_api_page_and_selector_give_the_same_ids(world, grant, make_user, client, api_client):
    categories, suppliers = world
    SharingPolicy.objects.all().delete()
    SharingPolicy.objects.bulk_create(
        SharingPolicy(supplier=supplier, **{d: d in datasets for d in SharingDataset.values})
        for supplier, datasets in zip(suppliers, grant["policies"], strict=True)
        if datasets is not None
    )
    user = make_user(
        *grant["roles"],
        categories=[categories[n] for n in grant["categories"]],
        supplier=suppliers[grant["supplier"]] if grant["supplier"] is not None else None,
    )
    client.force_login(user)
    for model, api_name, page_name, selector in SURFACES:
        from_selector = set(selector(user=user).values_list("pk", flat=True))
        assert ids_from_api(api_client, user, api_name) == from_selector, model
        assert ids_from_page(client, page_name) == from_selector, model
        assert from_selector == expected_ids(model, grant, categories, suppliers), model
