"""The Celery application. Without REDIS_URL tasks run eagerly in the sending process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "srm.settings.local")

app = Celery("srm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
