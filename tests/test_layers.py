"""The layers are a contract: ``lint-imports`` (import-linter, configured in
pyproject.toml) keeps every contract, and the same tool does fail on a broken one."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
    "lint-imports"
)


def _lint_imports(*args: str) -> subprocess.CompletedProcess:
    assert LINT_IMPORTS, "lint-imports is missing: install the dev dependencies"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_import_contract_is_kept():
    result = _lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_broken_contract_fails(tmp_path):
    # Suppliers below scorecards is what the graph has; claim the reverse and the tool
    # must say so (scorecards imports suppliers.models).
    config = tmp_path / "upside_down.toml"
    config.write_text(
        "[tool.importlinter]\n"
        'root_packages = ["suppliers", "scorecards"]\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "upside down"\n'
        'type = "layers"\n'
        'layers = ["suppliers", "scorecards"]\n'
    )
    result = _lint_imports("--config", str(config))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "scorecards is not allowed to import suppliers" in result.stdout
