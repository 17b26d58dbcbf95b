"""`make audit`: pip-audit over the locked dependencies (constraints.txt), where its database answers.

pip-audit asks PyPI's JSON API (or OSV) about each pinned release. A machine that cannot reach either
gets a clear "skipped" and exit 0, so CI is never red for being offline; where one answers, a known
vulnerability fails (exit 1) with pip-audit's table of the fixed releases. Then raise the pin in
constraints.txt to a fixed release and run the tests of what uses it.
"""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# One known release each service must describe; a 200 with a "vulnerabilities" list (PyPI) or a JSON
# object (OSV) means the service answers pip-audit's questions from here.
SERVICES = {
    "pypi": os.environ.get("AUDIT_PYPI_PROBE", "https://pypi.org/pypi/pip/24.0/json"),
    "osv": os.environ.get("AUDIT_OSV_PROBE", "https://api.osv.dev/v1/query"),
}
# What pip-audit says when the service stopped answering halfway; anything else non-zero is a failure.
OFFLINE_SIGNS = (
    "ConnectionError",
    "ConnectTimeout",
    "ReadTimeout",
    "Max retries exceeded",
    "NameResolution",
    "not found on PyPI",  # its JSON API answering 404 for every release
)


def service_answers(name, url, timeout=10):
    """None when the service answers, else why not."""
    try:
        if name == "osv":
            body = json.dumps({"package": {"name": "pip", "ecosystem": "PyPI"}, "version": "24.0"}).encode()
            request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
        else:
            request = urllib.request.Request(url)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = json.load(response)
    except (OSError, ValueError) as exc:
        return f"{url}: {exc}"
    if name == "pypi" and not isinstance(data.get("vulnerabilities"), list):
        return f"{url}: no vulnerability data in the answer"
    return None


def reachable_service():
    """The first service that answers, and the reasons the others did not."""
    reasons = []
    for name, url in SERVICES.items():
        reason = service_answers(name, url)
        if reason is None:
            return name, reasons
        reasons.append(reason)
    return None, reasons


def went_offline(output):
    return "known vulnerabilit" not in output and any(sign in output for sign in OFFLINE_SIGNS)


def main():
    service, reasons = reachable_service()
    if service is None:
        print("pip-audit SKIPPED: no vulnerability database answers from this machine, so the locked")
        print("dependencies were not audited here (run `make audit` where pypi.org or api.osv.dev answers).")
        for reason in reasons:
            print(f"  {reason}")
        return 0
    command = [
        str(Path(sys.executable).with_name("pip-audit")),
        "--requirement",
        str(ROOT / "constraints.txt"),
        "--no-deps",  # constraints.txt pins every package: nothing to resolve
        "--disable-pip",
        "--vulnerability-service",
        service,
        "--progress-spinner",
        "off",
        "--strict",  # a release it could not look up fails rather than passing unaudited
    ]
    print("$", " ".join(command), flush=True)
    result = subprocess.run(command, capture_output=True, text=True)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if result.returncode != 0 and went_offline(result.stdout + result.stderr):
        print(f"pip-audit SKIPPED: {service} stopped answering during the audit; nothing was judged.")
        return 0
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
