"""One set of range validators for the numbers and dates people type in.

Without them a year-1 date or a notice period of 2,147,483,647 days is stored and
the page that adds or subtracts days from it answers 500. Applied on the model
fields, they reach forms, serializers and ``full_clean`` alike.
"""

from datetime import UTC, date, datetime

from django.core.validators import MaxValueValidator, MinValueValidator

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2200, 12, 31)

# Dates of business events: contracts, receipts, reviews, plans.
DATE_RANGE = [MinValueValidator(DATE_MIN), MaxValueValidator(DATE_MAX)]
# The same bounds for date-times a person enters (meetings, deadlines).
DATETIME_RANGE = [
    MinValueValidator(datetime(1900, 1, 1, tzinfo=UTC)),
    MaxValueValidator(datetime(2200, 12, 31, 23, 59, 59, tzinfo=UTC)),
]
# A number of days before or after a date: at most ten years.
DAYS_RANGE = [MinValueValidator(0), MaxValueValidator(3650)]
# Hours of a recovery-time objective: 1 hour to ten years.
HOURS_RANGE = [MinValueValidator(1), MaxValueValidator(87_600)]
# A line number of a purchase order: what PostgreSQL's integer holds.
LINE_NUMBER_RANGE = [MinValueValidator(1), MaxValueValidator(2_000_000_000)]
