from decimal import Decimal

import pytest

from srm.core.templatetags.srm import number


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (Decimal("0.500"), 3, "0.5"),
        (Decimal("95.000"), 3, "95"),
        (Decimal("1000.000"), 3, "1000"),
        (0.5, 3, "0.5"),
        (Decimal("32.93541"), 4, "32.9354"),
        (Decimal("-0.0001"), 3, "0"),
        ("21.78", 1, "21.8"),
        (None, 3, ""),
        ("n/a", 3, "n/a"),
    ],
)
def test_number_drops_trailing_zeros(value, places, shown):
    assert number(value, places) == shown


@pytest.mark.django_db
def test_can_asks_about_a_row_not_made_yet_for_one_supplier(
    make_user, category_pair, scoped_suppliers
):
    """``{% can "add" "<model>" supplier=... %}``: the choke point's answer for that supplier."""
    from django.template import Context, Template

    inside, outside = scoped_suppliers
    manager = make_user("category_manager", categories=[category_pair[0]])
    template = Template(
        '{% load srm %}{% can "add" "governance.DecisionRequest" supplier=supplier as may %}'
        "{{ may }}"
    )

    def ask(user, supplier):
        return template.render(Context({"user": user, "supplier": supplier}))

    assert ask(manager, inside) == "True"
    assert ask(manager, outside) == "False"
    assert ask(manager, "") == "False"  # a supplier the template does not have
    assert ask(make_user("auditor"), inside) == "False"  # may not raise decisions at all
