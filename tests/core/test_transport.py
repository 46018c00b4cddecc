"""Transport: with SECURE_COOKIES=1 the site is HTTPS-only (redirect + HSTS) and `check --deploy` is
clean; behind a TLS proxy BEHIND_TLS_PROXY=1 trusts its X-Forwarded-Proto; /healthz answers over
plain http; every page, the API's docs included, carries the CSP."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client

ROOT = django_settings.BASE_DIR

# The production variables the README and docs/operations.md list for a real deployment.
PRODUCTION = {
    "SITE_URL": "https://closeknit.example.org",
    "ALLOWED_HOSTS": "closeknit.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://closeknit.example.org",
    "SECURE_COOKIES": "1",
}


# The test run's own variables, which a deployment never has.
DROPPED = (
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "HUEY_IMMEDIATE",
    "PLAIN_STATIC",
)


def _run(tmp_path, args: list[str], **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED}
    env |= {
        "DJANGO_SETTINGS_MODULE": "closeknit.settings",
        "CLOSEKNIT_DATA_DIR": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(50),
        **extra,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_with_the_production_variables_warns_of_nothing(tmp_path):
    done = _run(tmp_path, ["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert done.returncode == 0, done.stdout + done.stderr
    # Only the two warnings closeknit/core/checks.py stands in for are silenced (the lean middleware
    # subclasses Django's CSRF and frame middleware); nothing else may be.
    assert "no issues (2 silenced)" in done.stdout, done.stdout
    assert "W0" not in done.stdout + done.stderr


def test_without_secure_cookies_the_deploy_check_still_asks_for_https(tmp_path):
    """The check is not silenced: a local run (no SECURE_COOKIES) still hears about HSTS and redirects."""
    done = _run(tmp_path, ["check", "--deploy"], **{**PRODUCTION, "SECURE_COOKIES": "0"})
    assert "security.W004" in done.stderr + done.stdout and "security.W008" in done.stderr + done.stdout


@pytest.mark.parametrize("behind", ["1", "0"])
def test_behind_tls_proxy_trusts_x_forwarded_proto_only_when_told(tmp_path, behind):
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    done = _run(tmp_path, ["shell", "--no-imports", "-c", code], **PRODUCTION, BEHIND_TLS_PROXY=behind)
    assert done.returncode == 0, done.stderr
    expected = "('HTTP_X_FORWARDED_PROTO', 'https')" if behind == "1" else "None"
    assert done.stdout.strip() == expected


@pytest.fixture
def https_only(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return Client()  # made after the change: SecurityMiddleware reads its settings when it is built


@pytest.mark.django_db
def test_https_only_redirects_http_and_sends_hsts(https_only):
    plain = https_only.get("/help/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/help/"
    proxied = https_only.get("/help/", headers={"x-forwarded-proto": "https"})
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_health_check_answers_over_plain_http(client, https_only):
    for c in (client, https_only):  # local (no redirect) and HTTPS-only alike
        r = c.get("/healthz")
        assert r.status_code == 200 and r.content == b"ok\n"
        assert "no-cache" in r["Cache-Control"]
    assert https_only.post("/healthz").status_code in (301, 405)


@pytest.mark.django_db
def test_the_api_docs_page_has_the_same_csp(client):
    docs = client.get("/api/docs")
    home = client.get("/help/")
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in docs.content.decode()
    assert docs["Content-Security-Policy"] == home["Content-Security-Policy"]
    assert "script-src 'self'" in docs["Content-Security-Policy"]
