"""Production settings come from the environment, with safe defaults."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = (
    "import json, config.base as s; print(json.dumps({'debug': s.DEBUG, "
    "'ssl': s.SECURE_SSL_REDIRECT, 'engine': s.DATABASES['default']['ENGINE'], "
    "'name': str(s.DATABASES['default']['NAME']), 'hasher': s.PASSWORD_HASHERS[0], "
    "'cache': s.CACHES['default']['BACKEND'], 'hosts': s.ALLOWED_HOSTS}))"
)


def _settings(tmp_path: Path, **env: str) -> dict:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    clean.update(env, CHATR_VAR_DIR=str(tmp_path))
    out = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def test_defaults_are_production_safe_with_sqlite_under_var(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    assert settings["debug"] is False
    assert settings["ssl"] is True
    assert settings["engine"] == "django.db.backends.sqlite3"
    assert settings["name"] == str(tmp_path / "chatr.sqlite3")
    assert settings["hasher"].endswith("Argon2PasswordHasher")
    assert (tmp_path / "secret_key").exists()


def test_environment_variables_choose_database_cache_and_hosts(tmp_path: Path) -> None:
    settings = _settings(
        tmp_path,
        DATABASE_URL="postgres://u@db:5432/chatr",
        REDIS_URL="redis://127.0.0.1:6379/1",
        ALLOWED_HOSTS="a.ir, b.ir",
        SECRET_KEY="x" * 60,
    )
    assert settings["engine"] == "django.db.backends.postgresql"
    assert settings["cache"].endswith("RedisCache")
    assert settings["hosts"] == ["a.ir", "b.ir"]
    assert not (tmp_path / "secret_key").exists()
