"""Keeps personal data out of log lines: request paths keep their shape, never their queries."""

from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"\?[^\s\"']*")


class RedactRequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Django attaches the request to error records; its body and query must not be logged.
        if hasattr(record, "request"):
            record.request = None
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub("?[redacted]", record.msg)
        if record.args:
            record.args = tuple(
                _QUERY.sub("?[redacted]", arg) if isinstance(arg, str) else arg
                for arg in (record.args if isinstance(record.args, tuple) else (record.args,))
            )
        return True
