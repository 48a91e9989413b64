"""Jobs of the assistance app, run through `common.jobs.enqueue`."""

from __future__ import annotations

from datetime import date

from needsfirst.web.assistance import services


def send_reminders(today: str | None = None) -> dict[str, int]:
    """Create and e-mail the due-task and reflection-period reminders (idempotent)."""
    return services.reminders_send(date.fromisoformat(today) if today else None)
