"""Production settings: `check --deploy` is clean; they refuse to start without secrets."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from needsfirst.protect.crypto import generate_key

PROJECT = Path(__file__).resolve().parents[4]
PRODUCTION = "needsfirst.web.config.settings.production"


def production_env(tmp_path: Path, **change: str | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "ALLOWED_HOSTS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE=PRODUCTION,
        SECRET_KEY=secrets.token_urlsafe(64),
        FIELD_ENCRYPTION_KEYS=generate_key(),
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        ALLOWED_HOSTS="needsfirst.example.org",
        NEEDSFIRST_VAR_DIR=str(tmp_path / "var"),
    )
    for key, value in change.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)


def test_the_deploy_check_of_production_settings_finds_no_issue(tmp_path):
    result = deploy_check(production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_debug_stays_off_in_production_whatever_the_environment_says(tmp_path):
    result = deploy_check(production_env(tmp_path, DJANGO_DEBUG="1"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "security.W018" not in result.stdout + result.stderr


def test_a_short_secret_key_fails_the_deploy_check(tmp_path):
    result = deploy_check(production_env(tmp_path, SECRET_KEY="short"))
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "variable", ["SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "DATABASE_URL", "ALLOWED_HOSTS"]
)
@pytest.mark.parametrize("how", ["missing", "empty"])
def test_production_settings_refuse_to_start_without(tmp_path, variable, how):
    env = production_env(tmp_path, **{variable: None if how == "missing" else ""})
    result = run(["-c", "import django; django.setup()"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


@pytest.mark.parametrize(
    "keys",
    [
        "garbage",
        "not-a-key,another",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  # 32 zero bytes: a placeholder
        f"{generate_key()},short",  # a good key, then a truncated one
    ],
    ids=["garbage", "two bad keys", "placeholder", "a bad second key"],
)
def test_unusable_field_encryption_keys_fail_the_deploy_check(tmp_path, keys):
    result = deploy_check(production_env(tmp_path, FIELD_ENCRYPTION_KEYS=keys))
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "needsfirst.E001" in output
    for key in keys.split(","):
        if key:
            assert key not in output, "a key value was printed"


@pytest.mark.parametrize("hosts", ["*", "needsfirst.example.org,*"])
def test_allowed_hosts_with_a_wildcard_fails_the_deploy_check(tmp_path, hosts):
    result = deploy_check(production_env(tmp_path, ALLOWED_HOSTS=hosts))
    assert result.returncode != 0
    assert "needsfirst.E002" in result.stdout + result.stderr
