from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}`` for dict lookups with a variable key."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def number(value, places=3):
    """``{{ value|number:3 }}``: at most ``places`` decimals and no trailing zeros, so a
    target reads 0.5 and 95, not 0.500 and 95.000 (``floatformat:"-3"`` keeps the zeros
    of a value with any decimals)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-int(places)))
    except (InvalidOperation, TypeError, ValueError):
        return value
    amount = amount.normalize()
    return f"{abs(amount) if amount == 0 else amount:f}"


@register.simple_tag(takes_context=True)
def can(context, action, subject, supplier=None):
    """``{% can "change" supplier as may_change %}``: asks the permission choke point.

    ``subject`` is a row (may the user take ``action`` on it?), a model class or an
    ``"app_label.Model"`` name (may the user take ``action`` on that model at all?).
    With ``supplier=`` (a row or its id) the question is about a row of that model that
    does not exist yet: ``{% can "add" "risk.RiskAssessment" supplier=supplier as may %}``
    (may the user add one for this supplier?).
    """
    from django.apps import apps
    from django.db.models import Model

    from srm.core import permissions

    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None or subject is None or subject == "":
        return False
    if isinstance(subject, str):
        subject = apps.get_model(subject)
    if isinstance(subject, Model):
        return permissions.can_object(user, action, subject)
    if supplier is not None:
        # A supplier the template does not have ("" from a missing variable) is no supplier.
        return bool(supplier) and permissions.can_supplier(
            user, subject, action, getattr(supplier, "pk", supplier)
        )
    return permissions.can(user, action, subject)
