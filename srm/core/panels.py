"""Panels of the start page as a registry: each app registers the panels it offers in its
``AppConfig.ready``, as menu entries and supplier tabs are registered
(``srm.core.navigation``); the core knows none of them.

A panel is a template and a context function. ``context(user)`` asks the choke point and
returns the template's context, or ``None`` to decline: the user may not see what the
panel shows, or there is nothing to show. Panels are shown in ``order``; the template
gets its context as ``panel`` and lays itself out as a column of the page's grid row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    context: Callable[..., dict | None]
    order: int = 100


HOME_PANELS: dict[str, HomePanel] = {}


def register_home_panels(*panels: HomePanel) -> None:
    for panel in panels:
        HOME_PANELS[panel.key] = panel


def home_panels_for(user) -> list[dict]:
    """The panels ``user`` gets, in order: ``{"key", "template", "context"}`` each."""
    shown = []
    for panel in sorted(HOME_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(user)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, "context": context})
    return shown
