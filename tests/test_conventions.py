"""House rules of the test suite that a test cannot see from inside itself."""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_transactional_tests_restore_the_database_they_found():
    # A transactional test without serialized_rollback ends in a flush that recreates the
    # content types; every serialized test after it in the same run then fails on their
    # unique key (seen on PostgreSQL, where such a test ran first).
    marker = re.compile(r"django_db\(([^)]*transaction=True[^)]*)\)")
    offenders = [
        f"{path.relative_to(TESTS)}: {match.group(0)}"
        for path in TESTS.rglob("test_*.py")
        for match in marker.finditer(path.read_text())
        if "serialized_rollback=True" not in match.group(1)
    ]
    assert not offenders, offenders
