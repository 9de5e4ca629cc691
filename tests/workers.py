"""A real Celery worker on the test database, for the tests that need one (PostgreSQL + Redis)."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def start_worker(prefix: str, *, loglevel: str = "INFO", output=subprocess.PIPE):
    """A solo-pool worker consuming a queue of its own: ``(queue, process)``."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "srm.settings.test"
    env["CELERY_WORKER_TEST_DB"] = connection.settings_dict["NAME"]
    queue = f"{prefix}-{os.getpid()}-{time.monotonic_ns()}"
    command = [sys.executable, "-m", "celery", "-A", "srm", "worker", "--pool", "solo"]
    command += ["--loglevel", loglevel, "--queues", queue, "--hostname", f"{queue}@%h"]
    command += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if output == subprocess.PIPE else output,
        text=True,
    )
    return queue, process
