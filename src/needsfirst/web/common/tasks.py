"""Maintenance jobs run through `common.jobs.enqueue`."""

from __future__ import annotations

from django.core.management import call_command


def clear_expired_sessions() -> str:
    """Remove expired sessions from the database (they may name a signed-in user)."""
    call_command("clearsessions")
    return "cleared"


def rotate_field_encryption(batch_size: int = 500) -> int:
    """Re-encrypt every encrypted value under the newest key; returns how many rows changed."""
    from needsfirst.web.common.rotation import rotate_all

    return rotate_all(batch_size=batch_size)
