# Production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=srm.settings.production

# WeasyPrint renders the monthly review PDF with Pango.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY srm srm
COPY suppliers suppliers
COPY scorecards scorecards
COPY governance governance
COPY risk risk
COPY collaboration collaboration
COPY templates templates
COPY manage.py ./
RUN pip install -c constraints.txt . \
    && SECRET_KEY=collectstatic-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
       AUDIT_HMAC_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
       python manage.py collectstatic --noinput

RUN useradd --create-home srm && mkdir -p /app/media /app/var/audit-checkpoints \
    && chown srm /app/media /app/var/audit-checkpoints && chmod 700 /app/var/audit-checkpoints
USER srm
EXPOSE 8000
CMD ["gunicorn", "srm.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
