"""The suppliers' kinds for the search box (``srm.core.search``), registered in ``ready()``."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from srm.core.search import SearchKind

from .models import Contract, Item, Supplier


def _item_url(item: Item) -> str:
    return reverse("suppliers:item_detail", args=[item.code])


SEARCH_KINDS = (
    SearchKind(
        kind="supplier",
        label=_("Suppliers"),
        model=Supplier,
        fields=("code", "name"),
        code_field="code",
        title=lambda s: s.name,
        url=lambda s: s.get_absolute_url(),
        order=10,
    ),
    SearchKind(
        kind="contract",
        label=_("Contracts"),
        model=Contract,
        fields=("number", "title"),
        code_field="number",
        title=lambda c: c.title,
        url=lambda c: c.get_absolute_url(),
        order=20,
    ),
    SearchKind(
        kind="item",
        label=_("Items"),
        model=Item,
        fields=("code", "name"),
        code_field="code",
        title=lambda i: i.name,
        url=_item_url,
        order=30,
    ),
)
