"""Governance's kind for the search box (``srm.core.search``): decision requests."""

from django.utils.translation import gettext_lazy as _

from srm.core.search import SearchKind

from .models import DecisionRequest

SEARCH_KINDS = (
    SearchKind(
        kind="decision",
        label=_("Decisions"),
        model=DecisionRequest,
        fields=("title",),
        title=lambda d: d.title,
        url=lambda d: d.get_absolute_url(),
        order=40,
    ),
)
