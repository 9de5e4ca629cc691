"""The two tracks of SPEC §2. Every governed model names the track it belongs to."""

from django.db import models


class Track(models.TextChoices):
    COLLABORATION = "collaboration", "Collaboration track"
    MANAGEMENT = "management", "Management track"
    # Records both tracks work on (the supplier's public profile, categories).
    SHARED = "shared", "Both tracks"
