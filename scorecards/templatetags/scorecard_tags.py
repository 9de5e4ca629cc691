from django import template

from srm.core.permissions import can, restrict

from ..models import Scorecard

register = template.Library()


@register.inclusion_tag("scorecards/_current_standing.html", takes_context=True)
def current_standing(context, supplier):
    """The supplier's latest standing for the page header (C warns, D blocks), if the
    user may see scorecards."""
    user = context["request"].user
    if not can(user, "view", Scorecard):
        return {}
    card = (
        restrict(Scorecard.objects.filter(supplier=supplier, score__isnull=False), user)
        .order_by("-period")
        .first()
    )
    return {"card": card, "supplier": supplier}


@register.simple_tag(takes_context=True)
def blocked_reason(context, supplier) -> str:
    """Why the supplier is blocked ("Standing D in 2026-11"), for those who may see its
    scorecards; a collaboration member, or a supplier whose policy withholds them, may
    see that it is blocked but not its standing."""
    if not supplier.blocked_for_orders or not supplier.blocked_reason:
        return ""
    user = context["request"].user
    if not can(user, "view", Scorecard):
        return ""
    if not restrict(Scorecard.objects.filter(supplier=supplier), user).exists():
        return ""
    return supplier.blocked_reason
