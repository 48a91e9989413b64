"""Records of the common layer: which keyed jobs have already done their work."""

from __future__ import annotations

from django.db import models


class JobRun(models.Model):
    """A job's work that is done: a retried or re-queued job with the same key does nothing.

    Written in the same transaction as the job's own writes, so a job that fails (or whose
    worker is killed) leaves no key and runs again on its retry; one that succeeded leaves
    its key, and a second delivery of it finds the key and stops.
    """

    key = models.CharField(max_length=200, unique=True)
    done_at = models.DateTimeField(auto_now_add=True)
