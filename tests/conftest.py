"""Hooks for the whole tests/ tree.

The legislation cases (tests/legislation/<kind>/*.yaml) are collected by
tests/legislation/collector.py. Its hooks live here, not in tests/legislation/conftest.py,
so that the pytest-xdist controller, which collects nothing, still loads them and prints the
identification tally at the end of `make pytest`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.legislation import collector


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    return collector.collect_file(file_path, parent)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    collector.record_report(report)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    collector.terminal_summary(terminalreporter)
