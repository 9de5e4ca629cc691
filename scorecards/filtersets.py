from datetime import date

import django_filters
from django.core.validators import RegexValidator
from django.db.models import F, Q
from django.utils import timezone

from srm.core.filtersets import StyledFilterSet
from suppliers.models import Category, Region

from .models import CorrectiveAction, Scorecard, Standing

MONTH = RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", "Give a month as YYYY-MM.")
STANDING_CHOICES = [*Standing.choices, ("none", "No score")]


def parse_month(value: str) -> date:
    return date.fromisoformat(f"{value}-01")


class ScorecardFilterSet(StyledFilterSet):
    supplier = django_filters.CharFilter(field_name="supplier__code", label="Supplier code")
    period = django_filters.CharFilter(
        method="filter_period", validators=[MONTH], label="Month (YYYY-MM)"
    )
    standing = django_filters.ChoiceFilter(
        choices=STANDING_CHOICES, method="filter_standing", empty_label="Any"
    )
    region = django_filters.ChoiceFilter(
        field_name="supplier__region", choices=Region.choices, empty_label="Any", label="Region"
    )
    category = django_filters.ModelChoiceFilter(
        field_name="supplier__categories",
        queryset=Category.objects.all(),
        to_field_name="code",
        empty_label="Any",
        label="Category",
    )

    class Meta:
        model = Scorecard
        fields = ["supplier", "period", "standing", "region", "category"]

    def filter_period(self, queryset, name, value):
        return queryset.filter(period=parse_month(value)) if value else queryset

    def filter_standing(self, queryset, name, value):
        if value == "none":
            return queryset.filter(standing__isnull=True)
        return queryset.filter(standing=value) if value else queryset


class PortfolioFilterSet(ScorecardFilterSet):
    """The portfolio page: one month (chosen apart), filtered by standing, region, category,
    movement, or a search."""

    # The month is chosen apart; suppliers are found through the search box.
    supplier = None
    period = None
    q = django_filters.CharFilter(method="search", label="Search")
    movement = django_filters.ChoiceFilter(
        label="Movement",
        choices=[
            ("fell", "Standing fell"),
            ("rose", "Standing rose"),
            ("down", "Score down"),
            ("up", "Score up"),
        ],
        method="filter_movement",
        empty_label="Any",
    )

    class Meta:
        model = Scorecard
        fields = ["q", "standing", "region", "category", "movement"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(supplier__code__icontains=value) | Q(supplier__name__icontains=value)
        )

    def filter_movement(self, queryset, name, value):
        if value == "down":
            return queryset.filter(score__lt=F("previous_score"))
        if value == "up":
            return queryset.filter(score__gt=F("previous_score"))
        fell = ["AB", "AC", "AD", "BC", "BD", "CD"]
        pairs = fell if value == "fell" else [p[::-1] for p in fell]
        condition = Q(pk__in=[])
        for before, after in pairs:
            condition |= Q(previous_standing=before, standing=after)
        return queryset.filter(condition)


class CorrectiveActionFilterSet(StyledFilterSet):
    supplier = django_filters.CharFilter(field_name="supplier__code", label="Supplier code")
    status = django_filters.ChoiceFilter(choices=CorrectiveAction.Status.choices, empty_label="Any")
    source = django_filters.ChoiceFilter(choices=CorrectiveAction.Source.choices, empty_label="Any")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Overdue")

    class Meta:
        model = CorrectiveAction
        fields = ["supplier", "status", "source", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = {"due_date__lt": timezone.localdate()}
        open_ = queryset.exclude(status=CorrectiveAction.Status.CLOSED)
        return (
            open_.filter(**overdue)
            if value
            else queryset.exclude(pk__in=open_.filter(**overdue).values("pk"))
        )
