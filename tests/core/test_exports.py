from decimal import Decimal

from srm.core.exports import Table, to_csv


def test_csv_keeps_text_that_looks_like_a_formula_as_text():
    table = Table(["name", "value", "delta"], [['=HYPERLINK("x")', Decimal("1.50"), -2]])
    lines = to_csv(table).decode("utf-8-sig").splitlines()
    assert lines == ["name,value,delta", '"\'=HYPERLINK(""x"")",1.5,-2']
