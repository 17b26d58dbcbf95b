"""The sign-in rate limits hold across processes: gunicorn with two workers on production's cache
configuration (Redis, which production requires instead of a cache per process) lets through at most
the configured five wrong passwords for one address, whichever worker answers.

With a cache per process each worker counted its own five (issue 22 saw 20 of 40 go through).
"""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tools.processes import free_port, static_files_unbuilt

ROOT = Path(__file__).resolve().parents[2]
WRONG_PASSWORD = "E-postadressen eller lösenordet är fel."
LOCKED = "För många misslyckade inloggningsförsök."
CSRF = "a" * 32  # any well-formed token will do, as long as cookie and form agree
PASSWORD_FAILURES_ALLOWED = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")[1].split("/")[0])

pytestmark = [
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
    pytest.mark.skipif(
        subprocess.run([sys.executable, "-m", "gunicorn", "--version"], capture_output=True).returncode != 0,
        reason="gunicorn is not installed",
    ),
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="copies the SQLite test database: the SQLite pass runs it",
    ),
]


def wait_for_port(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} ended with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


def post_wrong_password(port, email):
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": CSRF, "login": email, "password": "fel-lösenord"}
    ).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/sv/accounts/login/",
        data=body,
        headers={"Cookie": f"csrftoken={CSRF}", "Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.django_db
def test_forty_wrong_passwords_through_two_workers_let_five_through(tmp_path):
    database = tmp_path / "db.sqlite3"
    source, copy = sqlite3.connect(connection.settings_dict["NAME"]), sqlite3.connect(database)
    source.backup(copy)  # the migrated test database, as every test starts from it
    source.close()
    copy.close()
    redis_port, web_port = free_port(), free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ENV", "REDIS_URL", "DJANGO_CACHE")},
        "DJANGO_SECRET_KEY": "rate-limit-test-secret-0123456789-0123456789-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env = static_files_unbuilt(env, tmp_path)  # production's settings, static files without a manifest
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "shell",
            "-c",
            "from accounts.models import User; from allauth.account.models import EmailAddress; "
            "u = User.objects.create_user('anna', 'anna@example.org', 'rätt-lösenord-123'); "
            "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    access_log = tmp_path / "access.log"
    gunicorn = None
    try:
        wait_for_port(redis_port, redis)
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "conecto_site.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{web_port}",
                "--access-logfile",
                str(access_log),
                "--access-logformat",
                "%(p)s %(s)s",
            ],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_for_port(web_port, gunicorn)
        answers = [post_wrong_password(web_port, "anna@example.org") for _ in range(40)]
    finally:
        for process in (gunicorn, redis):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)

    # A password was checked (and found wrong) only the configured number of times; then the address is
    # locked (the form says so) and soon every sign-in from this address is refused (429).
    checked = [status == 200 and WRONG_PASSWORD in body for status, body in answers]
    assert checked.count(True) == PASSWORD_FAILURES_ALLOWED, [status for status, _ in answers]
    assert all(status == 429 or LOCKED in body for status, body in answers[PASSWORD_FAILURES_ALLOWED:])
    # Both workers answered (sync workers take connections from one socket as they come free).
    workers = {line.split()[0] for line in access_log.read_text().splitlines() if line.strip()}
    assert len(workers) == 2, workers
