"""Every public service that locks rows (``select_for_update``) runs in its own transaction.

Without one, PostgreSQL refuses the lock (a 500) while SQLite and the tests' own
transaction hide it: schemathesis found ``dispute_resolve`` so after a merge had slid its
``@transaction.atomic`` onto the helper above it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("srm", "suppliers", "scorecards", "governance", "risk", "collaboration")


def _service_modules():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts and (
                path.name == "services.py" or "services" in path.parts
            ):
                yield path


def _atomic(function: ast.FunctionDef, source: str) -> bool:
    decorators = [ast.get_source_segment(source, d) for d in function.decorator_list]
    body = ast.get_source_segment(source, function)
    return "transaction.atomic" in decorators or "transaction.atomic()" in body


def test_public_services_that_lock_rows_are_atomic():
    unguarded = []
    for path in _service_modules():
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.FunctionDef)
                and not node.name.startswith("_")
                and "select_for_update" in ast.get_source_segment(source, node)
                and not _atomic(node, source)
            ):
                unguarded.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert not unguarded, f"services locking rows outside a transaction: {unguarded}"


def test_the_check_sees_the_services():
    names = {p.relative_to(ROOT).as_posix() for p in _service_modules()}
    assert "governance/services/disputes.py" in names and "suppliers/services.py" in names
