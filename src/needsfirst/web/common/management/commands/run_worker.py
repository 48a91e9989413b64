from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a background-job worker on the Redis queue (production)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--burst", action="store_true", help="stop when the queue is empty")

    def handle(self, *args: Any, burst: bool = False, **options: Any) -> None:
        from redis import Redis
        from rq import Worker

        from needsfirst.web.common.jobs import QUEUE_NAME

        connection = Redis.from_url(settings.REDIS_URL)
        Worker([QUEUE_NAME], connection=connection).work(burst=burst)
