"""Run modes: settings from the environment, production refusing a weak secret,
the deploy check, and the compose file."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
STRONG_SECRET = "k3J9x-Qm2Lw8Zr4Tn6Yp1Hv5Bc7Df0Gs9Ja2Ke4Mu6Wi8Xo1Nq3Pt5Rb7Sy9Vd-Strong"
STRONG_AUDIT_KEY = "Zq8-Lm3Vx7Rt1Np5Kc9Hw2Yb6Fd4Gs0Ja8Ue3Oi7"


def run_manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "AUDIT_HMAC_KEY",
        }
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_real_secret():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="srm.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_passes_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="srm.settings.production",
        SECRET_KEY=STRONG_SECRET,
        AUDIT_HMAC_KEY=STRONG_AUDIT_KEY,
        DATABASE_URL="postgres://srm@127.0.0.1:5432/srm",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "audit_key",
    [
        "",  # not set: the chain would be signed with a key derived from SECRET_KEY
        STRONG_SECRET,  # the same secret twice
        "test-audit-key",  # the test settings' key
        hashlib.sha256(
            b"srm-audit:insecure-dev-key-change-me-this-is-not-for-production"
        ).hexdigest(),  # derived from the development SECRET_KEY
        "insecure-dev-key-change-me-this-is-not-for-production",
    ],
)
def test_production_refuses_a_missing_or_development_audit_key(audit_key):
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="srm.settings.production",
        SECRET_KEY=STRONG_SECRET,
        AUDIT_HMAC_KEY=audit_key,
        DATABASE_URL="postgres://srm@127.0.0.1:5432/srm",
    )
    assert result.returncode != 0
    assert "AUDIT_HMAC_KEY must be set" in result.stderr


def test_environment_picks_database_and_broker():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER,"
        " s.CACHES['default']['BACKEND'].rsplit('.', 1)[1])"
    )
    embedded = run_manage(
        "shell", "--no-imports", "-c", code, DJANGO_SETTINGS_MODULE="srm.settings.local"
    )
    assert embedded.stdout.split() == [
        "django.db.backends.sqlite3",
        "memory://",
        "True",
        "LocMemCache",
    ]
    real = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="srm.settings.local",
        DATABASE_URL="postgres://u@db:5432/srm",
        REDIS_URL="redis://cache:6379/0",
    )
    assert real.stdout.split() == [
        "django.db.backends.postgresql",
        "redis://cache:6379/0",
        "False",
        "RedisCache",
    ]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


class TestCompose:
    def test_services_are_all_there(self, compose):
        assert {"web", "worker", "beat", "db", "redis"} <= set(compose["services"])

    def test_commands(self, compose):
        services = compose["services"]
        assert services["web"]["command"][0] == "gunicorn"
        assert "srm.wsgi:application" in services["web"]["command"]
        assert services["worker"]["command"][:4] == ["celery", "-A", "srm", "worker"]
        assert services["beat"]["command"][:4] == ["celery", "-A", "srm", "beat"]
        assert services["db"]["image"].startswith("postgres")
        assert services["redis"]["image"].startswith("redis")

    def test_health_checks_and_start_order(self, compose):
        services = compose["services"]
        for name in ("db", "redis", "web", "worker"):
            assert services[name]["healthcheck"]["test"], name
        for name in ("web", "worker", "beat"):
            depends = services[name]["depends_on"]
            assert depends["db"]["condition"] == "service_healthy"
            assert depends["redis"]["condition"] == "service_healthy"

    def test_app_services_use_postgres_and_redis(self, compose):
        for name in ("web", "worker", "beat"):
            environment = compose["services"][name]["environment"]
            assert environment["DATABASE_URL"].startswith("postgres://")
            assert environment["REDIS_URL"].startswith("redis://")
            assert environment["DJANGO_SETTINGS_MODULE"] == "srm.settings.production"


def test_vendored_front_end_and_no_cdn():
    static = ROOT / "srm" / "static" / "vendor"
    assert (static / "htmx" / "htmx.min.js").read_text().startswith("var htmx")
    assert (static / "chartjs" / "chart.umd.min.js").exists()
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert "cdn." not in text and "https://" not in text, template


def test_a_task_survives_its_worker_dying():
    """Issue 12, scope 6: a task is acknowledged at its end and given back when its worker
    dies, and Redis does not hand it to a second worker while the first still runs it."""
    from srm.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.broker_transport_options["visibility_timeout"] > app.conf.task_time_limit
