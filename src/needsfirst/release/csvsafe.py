"""CSV that a spreadsheet cannot turn into a formula (OWASP "CSV injection"): every cell goes
through `needsfirst.protect.formulas.neutralise`, the one rule of all exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TextIO

from needsfirst.protect.formulas import neutralise

__all__ = ["neutralise", "to_csv", "write_csv"]


def write_csv(out: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    write_csv(out, header, rows)
    return out.getvalue()
