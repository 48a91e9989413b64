"""The exchange's tables and reasons in the reader's language (the core's codes stay in files)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from needsfirst.exchange import Reason

TABLE_LABELS: dict[str, Any] = {
    "person": _("People"),
    "case": _("Cases"),
    "victim_context": _("Victim context"),
    "identification": _("Identification"),
    "event": _("Events"),
    "support_plan": _("Support plan"),
    "perpetrator": _("Perpetrators and other parties"),
}

REASON_MESSAGES: dict[str, Any] = {
    Reason.REQUIRED: _("A value is required."),
    Reason.UNKNOWN_FIELD: _("This is not a field of this table."),
    Reason.NOT_IN_CODE_LIST: _("The value is not in the field's HTCDS code list."),
    Reason.BAD_DATE: _("The value is not a date (YYYY-MM-DD)."),
    Reason.BAD_NUMBER: _("The value is not a number."),
    Reason.OUT_OF_RANGE: _("The value is outside the allowed range."),
    Reason.BAD_BOOLEAN: _("The value is not true or false."),
    Reason.BAD_ID: _("The value is not an identifier."),
    Reason.DUPLICATE_ID: _("The same identifier is on an earlier row."),
    Reason.UNKNOWN_REFERENCE: _("The row refers to a record that is not in the file."),
    Reason.UNKNOWN_COUNTRY: _("The value is not a country code (ISO 3166)."),
    Reason.UNKNOWN_LANGUAGE: _("The value is not a language code (ISO 639)."),
    Reason.TOO_LONG: _("The text is longer than the field allows."),
    Reason.NOT_TEXT: _("The value is not text."),
    Reason.NOT_A_ROW: _("The row is not a set of named fields."),
    Reason.UNKNOWN_TABLE: _("This is not a table of an HTCDS 2.0 file."),
    Reason.TOO_MANY_ROWS: _("The table has more rows than a file may hold."),
    Reason.TOO_LARGE: _("The file is larger than 20 MB."),
    Reason.NOT_A_FILE: _("The file cannot be read as an HTCDS 2.0 file."),
    Reason.WRONG_STANDARD: _("The file is not in HTCDS version 2.0."),
    Reason.CHANGED_HERE: _(
        "This field was changed here since the last import: it was left as it is."
    ),
    Reason.REMOVED_HERE: _(
        "This record was removed here since the last import: it was not brought back."
    ),
    Reason.NEVER_EDITED: _("A recorded decision is never edited: it was left as it is."),
    Reason.IMPORTED_MEANWHILE: _(
        "Another import wrote the same rows in the meantime. Nothing of this one was kept: "
        "import the file again to add what is still missing."
    ),
}


def rejection_rows(rejections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **rejection,
            "table_label": TABLE_LABELS.get(rejection.get("table", ""), rejection.get("table")),
            "reason_text": REASON_MESSAGES.get(
                rejection.get("reason", ""), rejection.get("message")
            ),
        }
        for rejection in rejections
    ]


def count_rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    rows = summary.get("rows", {})
    return [
        {
            "label": TABLE_LABELS.get(name, name),
            "rows": count,
            "new": summary.get("new", {}).get(name, 0),
            "existing": summary.get("existing", {}).get(name, 0),
            "update": summary.get("update", {}).get(name, 0),
            "unchanged": summary.get("unchanged", {}).get(name, 0),
            "information": summary.get("information", {}).get(name, 0),
        }
        for name, count in rows.items()
    ]


def totals(summary: dict[str, Any]) -> dict[str, int]:
    """How many records an import creates (or created), updates, leaves as they are."""
    return {
        "new": sum(summary.get("new", {}).values()),
        "update": sum(summary.get("update", {}).values()),
        "unchanged": sum(summary.get("unchanged", {}).values()),
        "conflicts": len(summary.get("conflicts", [])),
    }
