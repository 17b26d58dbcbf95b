"""Production settings pass Django's deployment checks with secrets from the environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="k" * 10 + "-production-secret-from-the-environment-0123456789",
        DJANGO_ALLOWED_HOSTS="kunskap.example.org",
        DJANGO_CACHE="database",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_cache_every_process_shares():
    production = {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "k" * 10 + "-production-secret-from-the-environment-0123456789",
        "DJANGO_ALLOWED_HOSTS": "kunskap.example.org",
    }
    show = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = run_manage("shell", "-c", show, **production)
    assert result.returncode != 0
    assert "set REDIS_URL" in result.stderr and "DJANGO_CACHE=database" in result.stderr
    result = run_manage("shell", "-c", show, DJANGO_CACHE="database", **production)
    assert result.stdout.strip().endswith("DatabaseCache"), result.stderr
    result = run_manage("shell", "-c", show, REDIS_URL="redis://127.0.0.1:6379/1", **production)
    assert result.stdout.strip().endswith("RedisCache"), result.stderr


def test_production_cookies_and_headers():
    show = (
        "from django.conf import settings as s; print([s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY,"
        " s.SECURE_CONTENT_TYPE_NOSNIFF, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_REFERRER_POLICY])"
    )
    result = run_manage(
        "shell",
        "-c",
        show,
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY="k" * 10 + "-production-secret-from-the-environment-0123456789",
        DJANGO_ALLOWED_HOSTS="kunskap.example.org",
        DJANGO_CACHE="database",
    )
    assert result.stdout.strip().splitlines()[-1] == str([True] * 9 + ["strict-origin-when-cross-origin"]), (
        result.stdout + result.stderr
    )


def test_a_mistyped_trusted_proxy_stops_the_site_at_start():
    result = run_manage("check", TRUSTED_PROXIES="10.0.0.5, 10.0.0.300")
    assert result.returncode != 0 and "TRUSTED_PROXIES: '10.0.0.300'" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_ENV="production", DJANGO_ALLOWED_HOSTS="kunskap.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_redis_url_switches_the_cache_to_redis():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert result.stdout.strip().endswith("RedisCache"), result.stderr


def test_oidc_environment_configures_single_sign_on_and_its_absence_configures_none():
    show = "from django.conf import settings; print(settings.SOCIALACCOUNT_PROVIDERS)"
    result = run_manage(
        "shell",
        "-c",
        show,
        OIDC_PROVIDER_ID="stockholm",
        OIDC_PROVIDER_NAME="Stockholms stad",
        OIDC_SERVER_URL="https://login.example.org/realms/stad",
        OIDC_CLIENT_ID="conecto",
        OIDC_CLIENT_SECRET="hemligt",
    )
    assert "'provider_id': 'stockholm'" in result.stdout, result.stderr
    assert "'server_url': 'https://login.example.org/realms/stad'" in result.stdout
    result = run_manage("shell", "-c", show)
    assert result.stdout.strip().splitlines()[-1] == "{}", result.stderr


def test_the_serving_processes_collect_young_garbage_less_often():
    # site/runtime.py: a full collection every third feed build cost about 100 ms before.
    show = (
        "import gc; before = gc.get_threshold()[0]; "
        "import conecto_site.wsgi, conecto_site.asgi; print(before, gc.get_threshold()[0])"
    )
    result = run_manage("shell", "-c", show)
    assert result.stdout.split()[-2:] == ["700", "50000"], result.stderr
