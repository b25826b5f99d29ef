"""The environment every benchmark that starts Django runs under.

Imported before `django.setup()`; settings the caller already set (DATABASE_URL, …) win.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_env_defaults() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dienstverlening.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("DV_PLAIN_STATIC", "1")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DV_VAR_DIR", str(ROOT / "var" / "bench"))
