"""The site's processes as production runs them, for the benchmark (bench/run.py) and the tests that
start real servers (tests/site/test_two_servers.py): gunicorn with DJANGO_ENV=production, a fresh
PostgreSQL database, Redis on 127.0.0.1:6379, and `manage.py` commands in the same environment.
"""

import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"

# Production's settings but for the static files, whose manifest would need a `collectstatic` first
# (tens of seconds): for tests that serve pages, not static files (static_files_unbuilt).
UNBUILT_STATIC_SETTINGS = """
from conecto_site.settings.production import *

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""


def database_url(settings_dict):
    """The URL of the database a Django connection uses (``connection.settings_dict``), for another process."""
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict["USER"] or "")
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict["PASSWORD"] else ""
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgres://{user}{password}@{settings_dict['HOST']}{port}/{settings_dict['NAME']}"


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def redis_url(db=0):
    """redis://127.0.0.1:6379/<db> when a Redis server answers there, else ""."""
    with contextlib.suppress(OSError), socket.create_connection((HOST, 6379), timeout=0.3) as conn:
        conn.sendall(b"PING\r\n")
        if conn.recv(16).startswith(b"+PONG"):
            return f"redis://{HOST}:6379/{db}"
    return ""


def make_database(database_url, name):
    """A new, empty database called ``name`` on the PostgreSQL server of ``database_url``: its URL and
    a function that drops it."""
    parts = urlsplit(database_url)
    import psycopg

    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl(), lambda: drop_database(admin, name)


def drop_database(admin_url, name):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(directory, database_url, cache_url, port, key_prefix=None):
    """Production's environment for a site whose files live in ``directory``, served on ``port``.

    With ``cache_url`` (Redis) every process of the site shares that cache under ``key_prefix``;
    without it, Django's database cache (made by migrate_database()).
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "conecto_site.settings",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(directory / "static"),
        "MEDIA_ROOT": str(directory / "media"),
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}:{port}",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
        "PYTHONPATH": str(ROOT),
    }
    for name in ("REDIS_URL", "DJANGO_CACHE", "FRONTEND_CACHE_URL"):
        env.pop(name, None)
    if cache_url:
        env["REDIS_URL"] = cache_url
        env["CACHE_KEY_PREFIX"] = key_prefix or f"bench-{os.getpid()}-{directory.name}"
    else:
        # Production refuses to start without a shared cache (site/settings/production.py): without
        # Redis the processes share Django's database cache, made by migrate_database().
        env["DJANGO_CACHE"] = "database"
    return env


def static_files_unbuilt(env, directory):
    """``env`` changed to production's settings with plain static files (UNBUILT_STATIC_SETTINGS)."""
    (directory / "unbuilt_static_settings.py").write_text(UNBUILT_STATIC_SETTINGS, encoding="utf-8")
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "unbuilt_static_settings",
        "PYTHONPATH": f"{directory}{os.pathsep}{ROOT}",
    }


def migrate_database(env):
    """Migrate, and make the database cache's table (used when there is no Redis)."""
    manage(env, "migrate", "--no-input")
    manage(env, "createcachetable")


def manage(env, *args):
    """Run ``manage.py *args`` in ``env``; returns the seconds it took."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def fetch(port, path, headers=None, method="GET"):
    """One request to 127.0.0.1:port: status, headers (a dict) and body."""
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request(method, path, headers={"Host": f"{HOST}:{port}", **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body
    finally:
        conn.close()


class Server:
    """gunicorn serving the site with ``workers`` sync workers on 127.0.0.1:port, as production does."""

    def __init__(self, env, port, workers):
        self.env, self.port, self.workers = env, port, workers
        self.process = None

    def start(self, seconds=60):
        self.launch()
        self.wait_until_serving(seconds)

    def launch(self):
        """Start gunicorn and return at once (wait_until_serving waits for it): several boot together."""
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "conecto_site.wsgi",
                f"--bind={HOST}:{self.port}",
                f"--workers={self.workers}",
                "--worker-class=sync",
                "--log-level=warning",
            ],
            env=self.env,
            cwd=ROOT,
        )

    def wait_until_serving(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn ended with {self.process.returncode}")
            with contextlib.suppress(OSError):
                if fetch(self.port, "/robots.txt")[0] == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                # On a loaded machine the workers can outlast gunicorn's graceful timeout.
                self.process.kill()
                self.process.wait(timeout=30)
