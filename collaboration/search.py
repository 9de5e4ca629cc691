"""The collaboration track's kinds for the search box (``srm.core.search``)."""

from django.utils.translation import gettext_lazy as _

from srm.core.search import SearchKind

from .models import Idea, Pilot

SEARCH_KINDS = (
    SearchKind(
        kind="idea",
        label=_("Ideas"),
        model=Idea,
        fields=("title",),
        title=lambda i: i.title,
        url=lambda i: i.get_absolute_url(),
        order=50,
    ),
    SearchKind(
        kind="pilot",
        label=_("Pilots"),
        model=Pilot,
        fields=("title",),
        title=lambda p: p.title,
        url=lambda p: p.get_absolute_url(),
        order=60,
    ),
)
