from django import template

from .. import charts, selectors

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    """The user's unread notifications (one COUNT), for the navbar badge."""
    return selectors.notification_unread_count(user=user)


@register.simple_tag
def hbar_chart(rows, label="label", series="", title=""):
    """``{% hbar_chart rows label="label" series="approved:Approved,rejected:Rejected" %}``:
    a server-side SVG bar chart (same on the page and in the PDF)."""
    pairs = []
    for part in filter(None, (p.strip() for p in series.split(","))):
        key, _, name = part.partition(":")
        pairs.append((key, name or key))
    return charts.hbar_chart(rows or [], label=label, series=pairs or None, title=title)
