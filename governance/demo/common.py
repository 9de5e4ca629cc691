"""Helpers shared by the governance demo seeders."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone


def aware(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def month_start(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def meeting_day(month: date) -> date:
    """Second Tuesday of the month: when the steering group meets."""
    first_tuesday = 1 + (1 - month.weekday()) % 7
    return month.replace(day=first_tuesday + 7)
