"""Secrets of a local or demo installation, generated once and kept under var/ (not in git)."""

from __future__ import annotations

import secrets
from pathlib import Path

from needsfirst.protect.crypto import generate_key


def local_secret(var_dir: Path, name: str) -> str:
    path = var_dir / f"{name}.secret"
    if not path.exists():
        value = generate_key() if name == "field_key" else secrets.token_urlsafe(50)
        path.write_text(value, encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
