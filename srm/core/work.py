""" "My work": the personal inbox every internal user starts on (issue 11, point 4), as a
registry: each app registers the sections it owns in its ``AppConfig.ready`` (as home
panels and menu entries are registered); the core knows none of them.

A section's ``items(user, today)`` asks the choke point and returns a list of work items
(``work_item(...)``), or ``None`` to decline (the user may not see what it lists). It
costs at most one query, whatever the number of rows. The page, the navigation count
and ``GET /api/me/work/`` all read ``work_for`` and so agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone


@dataclass(frozen=True)
class WorkSection:
    key: str
    title: str
    items: Callable[..., list[dict] | None]
    order: int = 100


WORK_SECTIONS: dict[str, WorkSection] = {}


def register_work_sections(*sections: WorkSection) -> None:
    for section in sections:
        WORK_SECTIONS[section.key] = section


def work_item(
    *, id, kind: str, title: str, url: str, due: date | None = None, overdue: bool = False, **extra
) -> dict:
    """One thing waiting for the user: at least ``id``, ``kind``, ``title`` and ``url``.
    ``due`` (a date) and ``overdue`` when it has a deadline; extra keys as the section likes
    (JSON-serialisable: the API returns them as they are)."""
    return {
        "id": id,
        "kind": kind,
        "title": str(title),
        "url": url,
        "due": due.isoformat() if due else None,
        "overdue": overdue,
        **extra,
    }


def work_for(user, today: date | None = None) -> list[dict]:
    """The sections ``user`` gets, in order: ``{"key", "title", "items"}`` each; a section
    that declines is left out, an empty one is kept (the page says "nothing waiting")."""
    today = today or timezone.localdate()
    shown = []
    for section in sorted(WORK_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        items = section.items(user, today)
        if items is not None:
            shown.append({"key": section.key, "title": str(section.title), "items": items})
    return shown


def work_for_request(request) -> list[dict]:
    """``work_for(request.user)``, computed once per request."""
    cached = getattr(request, "_srm_work", None)
    if cached is None:
        cached = work_for(request.user)
        request._srm_work = cached
    return cached


def work_count(sections: list[dict]) -> int:
    return sum(len(section["items"]) for section in sections)
