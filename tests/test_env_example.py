"""`.env.example` lists every environment variable the code reads, and every Makefile variable."""

import ast
import re
from pathlib import Path

from accounts.sso import openid_connect_providers

ROOT = Path(__file__).resolve().parents[1]
ENV_EXAMPLE = ROOT / ".env.example"
# Everything that reads the environment at run time: the settings and the code they call, the
# commands, manage.py/wsgi/asgi and the benchmark. Tests set variables for their subprocesses only.
SOURCE_FOLDERS = ["site", "accounts", "home", "events", "learning", "bench"]
# ``dj_database_url.config()`` reads this one without naming it.
IMPLICIT = {"dj_database_url": "DATABASE_URL"}


def documented():
    """NAME from every ``NAME=value`` or ``# NAME=value`` line."""
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(encoding="utf-8"), re.M))


def is_environ(node):
    """``os.environ`` or a name ``environ``."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def first_string(call):
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def names_read_by(source):
    """Variables read with os.environ.get/[...]/setdefault, os.getenv, env_list(...) or dj_database_url."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Subscript) and is_environ(node.value):
            if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
                names.add(node.slice.value)
        elif isinstance(node, ast.Call):
            func = node.func
            reads = (
                (
                    isinstance(func, ast.Attribute)
                    and func.attr in ("get", "setdefault")
                    and is_environ(func.value)
                )
                or (isinstance(func, ast.Attribute) and func.attr == "getenv")
                or (isinstance(func, ast.Name) and func.id == "env_list")
            )
            if reads and first_string(node):
                names.add(first_string(node))
            implicit = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            if implicit and func.value.id in IMPLICIT and not any(k.arg == "env" for k in node.keywords):
                names.add(IMPLICIT[func.value.id])
    return names


def names_in_code():
    names = set()
    for folder in SOURCE_FOLDERS:
        for path in (ROOT / folder).rglob("*.py"):
            names |= names_read_by(path.read_text(encoding="utf-8"))
    for path in ROOT.glob("*.py"):
        names |= names_read_by(path.read_text(encoding="utf-8"))
    return names


class RecordingEnviron(dict):
    """An environment in which every variable is set, and which remembers what was asked for."""

    def __init__(self):
        super().__init__()
        self.asked = set()

    def get(self, name, default=None):
        self.asked.add(name)
        return f"value-of-{name}"

    def __getitem__(self, name):
        return self.get(name)


def names_read_by_single_sign_on():
    """accounts/sso.py reads its variables through a loop, so ask the function itself."""
    environ = RecordingEnviron()
    assert openid_connect_providers(environ), "with every variable set, single sign-on is configured"
    return environ.asked


def makefile_variables():
    """Variables a user may give to make: the ``?=`` defaults and those used but never assigned."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    assigned = set(re.findall(r"^([A-Z_]+)\s*[:?]?=", text, re.M))
    defaults = set(re.findall(r"^([A-Z_]+)\s*\?=", text, re.M))
    used = set(re.findall(r"\$\(([A-Z_]+)\)", text)) - {"MAKEFILE_LIST"}
    return defaults | (used - assigned)


def test_the_scan_finds_the_variables_it_must():
    # If the scan stopped recognising how settings read the environment, the test below would pass
    # on nothing; these are read in each of the ways the scan knows.
    found = names_in_code()
    for name in ("DJANGO_ENV", "DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
        assert name in found
    assert {"OIDC_PROVIDER_ID", "OIDC_PROVIDER_NAME"} <= names_read_by_single_sign_on()
    assert {"HOST", "PORT", "PYTEST_ARGS", "BENCH_ARGS"} <= makefile_variables()


def test_every_environment_variable_is_in_env_example():
    missing = (names_in_code() | names_read_by_single_sign_on()) - documented()
    assert missing == set(), f"add these to .env.example with their default and a comment: {sorted(missing)}"


def test_every_makefile_variable_is_in_env_example():
    missing = makefile_variables() - documented()
    assert missing == set(), f"add these to the Makefile section of .env.example: {sorted(missing)}"


def test_every_variable_in_env_example_has_a_comment():
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    uncommented = []
    for number, line in enumerate(lines):
        if re.match(r"^(?:# )?[A-Z][A-Z0-9_]*=", line):
            above = lines[number - 1] if number else ""
            if not above.startswith("#"):
                uncommented.append(line)
    assert uncommented == []
