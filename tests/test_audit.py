"""`make audit` (tools/audit.py): skipped with a clear message where no vulnerability database
answers, and a known vulnerability is never taken for being offline."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("audit", ROOT / "tools" / "audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def test_offline_the_audit_is_skipped_and_says_so():
    closed = "http://127.0.0.1:9/"  # the discard port: nothing listens there
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "audit.py")],
        env={**os.environ, "AUDIT_PYPI_PROBE": closed, "AUDIT_OSV_PROBE": closed},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pip-audit SKIPPED" in result.stdout and "were not audited" in result.stdout


def test_a_known_vulnerability_is_a_failure_not_an_outage():
    found = (
        "Found 1 known vulnerability in 1 package\nName Version ID Fix Versions\ndjango 5.2.1 PYSEC-1 5.2.2"
    )
    assert not audit.went_offline(found)
    assert not audit.went_offline(found + "\nrequests.exceptions.ConnectionError: Max retries exceeded")
    assert audit.went_offline(
        "requests.exceptions.ConnectionError: HTTPSConnectionPool: Max retries exceeded"
    )
    assert audit.went_offline(
        "wagtail  Dependency not found on PyPI and could not be audited: wagtail (8.0.1)"
    )
