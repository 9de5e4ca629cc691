from datetime import date, datetime

from srm.core.forms import DateInput, DateTimeInput


def test_pickers_render_the_iso_value_the_browser_takes():
    # en-GB would render 02/03/2026, which a date picker drops (the field comes back empty).
    assert 'type="date" name="d" value="2026-03-02"' in DateInput().render("d", date(2026, 3, 2))
    assert 'type="datetime-local" name="t" value="2026-03-02T09:30"' in DateTimeInput().render(
        "t", datetime(2026, 3, 2, 9, 30)
    )
