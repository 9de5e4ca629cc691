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
