"""Production settings: `quantriet check --deploy` is clean with a production environment,
and development (`make run`: DEBUG=1 over plain http) keeps working."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
SHOW = ("import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ('SECURE_SSL_REDIRECT', "
        "'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SECURE_PROXY_SSL_HEADER')}))")


def environment(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DEBUG", "QUANTRIET_INSECURE_DEV_KEY", "SECRET_KEY", "TASKS_BACKEND",
                        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "BEHIND_HTTPS_PROXY",
                        "SECURE_COOKIES", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                        "SECURE_HSTS_PRELOAD"}}
    env.update(DJANGO_SETTINGS_MODULE="quantriet.settings", QUANTRIET_DATA_DIR=str(tmp_path),
               **extra)
    return env


def production(tmp_path) -> dict:
    return environment(tmp_path, SECRET_KEY=secrets.token_urlsafe(50),
                       ALLOWED_HOSTS="hoctap.tiengiang.dcs.vn", BEHIND_HTTPS_PROXY="1")


def test_it_passes_the_deploy_check_with_a_production_environment(tmp_path):
    done = subprocess.run([BIN / "quantriet", "check", "--deploy", "--fail-level", "WARNING"],
                          env=production(tmp_path), capture_output=True, text=True,
                          timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "WARNING" not in output and "no issues" in output, output


def test_it_fails_the_deploy_check_without_a_real_secret_key(tmp_path):
    env = production(tmp_path)
    env["SECRET_KEY"] = "django-insecure-short"
    done = subprocess.run([BIN / "quantriet", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "security.W009" in done.stderr


def show(env) -> dict:
    done = subprocess.run([sys.executable, "-c", SHOW], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def test_it_is_https_only_in_production_and_plain_http_in_development(tmp_path):
    prod = show(production(tmp_path))
    assert prod["SECURE_SSL_REDIRECT"] and prod["SESSION_COOKIE_SECURE"]
    assert prod["CSRF_COOKIE_SECURE"] and prod["SECURE_HSTS_SECONDS"] >= 31536000
    assert prod["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    dev = show(environment(tmp_path, DEBUG="1"))  # make run
    assert not dev["SECURE_SSL_REDIRECT"] and not dev["SESSION_COOKIE_SECURE"]
    assert dev["SECURE_HSTS_SECONDS"] == 0
    # Not behind a proxy: a client's X-Forwarded-Proto is not believed.
    direct = production(tmp_path)
    del direct["BEHIND_HTTPS_PROXY"]
    assert show(direct)["SECURE_PROXY_SSL_HEADER"] is None
