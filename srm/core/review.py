"""Registries the monthly steering review and the meeting agenda are built from.

Governance owns the review page (``/review/YYYY-MM/``) and the agenda; other apps
(scorecards, risk) contribute sections and agenda items here in their
``AppConfig.ready``, so the review grows without the governance app importing them.

* A review section: ``ReviewSection(key, title, template, context, order)`` where
  ``context(user, period: date) -> dict`` returns what ``template`` renders (HTML page
  and PDF both include it), or ``None`` to hide the section.
* An agenda source: ``fn(user, on: date) -> list[AgendaItem]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ReviewSection:
    key: str
    title: str
    template: str
    context: Callable[[object, date], dict | None]
    order: int = 100


@dataclass(frozen=True)
class AgendaItem:
    kind: str  # e.g. "standing_fell", "risk_high", "decision_waiting", "action_overdue"
    title: str
    link: str = ""
    supplier_code: str = ""
    severity: str = "info"  # info | warning | danger
    owner: str = ""  # who answers for it, when known


AgendaSource = Callable[[object, date], list[AgendaItem]]

REVIEW_SECTIONS: list[ReviewSection] = []
AGENDA_SOURCES: dict[str, AgendaSource] = {}


def register_review_section(section: ReviewSection) -> None:
    if all(s.key != section.key for s in REVIEW_SECTIONS):
        REVIEW_SECTIONS.append(section)
        REVIEW_SECTIONS.sort(key=lambda s: s.order)


def register_agenda_source(name: str, source: AgendaSource) -> None:
    AGENDA_SOURCES[name] = source
