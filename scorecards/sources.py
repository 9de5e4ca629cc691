"""Where KPI inputs that are not receipts come from.

``response_hours`` (supplier requests, governance) and ``improvements`` (supplier
ideas, collaboration) live in other apps. Each registers a source here in its
``AppConfig.ready``; until one is registered the KPI has no data and is left out
of the weighting.

A source is ``fn(period_from: date, period_to: date) -> dict[(supplier_id, period), value]``
with ``period`` the first day of a month, covering every month in the range:

* ``response_hours``: a list of hours (Decimal) from each request sent to the
  supplier that month to its first answer; unanswered requests are left out.
* ``improvements``: the number (int) of the supplier's ideas accepted in the
  12 months ending with that month.

It must be set-based (a few queries for the whole range), never a query per supplier.
"""

from collections.abc import Callable
from datetime import date

KpiSource = Callable[[date, date], dict[tuple[int, date], object]]

SOURCES: dict[str, KpiSource] = {}


def register_source(kpi_code: str, source: KpiSource) -> None:
    SOURCES[kpi_code] = source


# Optional: the records behind a non-receipt KPI value, for the explain page and
# ``/api/scorecards/{id}/explain/``: ``fn(supplier_id, period) -> list[dict]`` (JSON-safe),
# e.g. the requests and their hours to first answer behind ``response_hours``.
KpiExplainer = Callable[[int, date], list[dict]]

EXPLAINERS: dict[str, KpiExplainer] = {}


def register_explainer(kpi_code: str, explainer: KpiExplainer) -> None:
    EXPLAINERS[kpi_code] = explainer
