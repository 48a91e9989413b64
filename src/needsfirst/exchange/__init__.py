"""HTCDS 2.0 exchange: the tables and fields of an exchange file, its checks, JSON and XLSX.

Pure core: no Django. The web app `needsfirst.web.exchange` reads and writes the records;
this package says what a file must look like and refuses, row by row, what does not fit.
"""

from needsfirst.exchange.document import (
    FileRejected,
    from_json,
    from_xlsx,
    make_document,
    neutralise,
    restore,
    to_json,
    to_toolkit_xlsx,
    to_xlsx,
)
from needsfirst.exchange.tables import TABLES, TABLES_BY_NAME, Field, Kind, Table
from needsfirst.exchange.validate import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    Checked,
    Reason,
    Rejection,
    validate,
)

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "TABLES",
    "TABLES_BY_NAME",
    "Checked",
    "Field",
    "FileRejected",
    "Kind",
    "Reason",
    "Rejection",
    "Table",
    "from_json",
    "from_xlsx",
    "make_document",
    "neutralise",
    "read_file",
    "restore",
    "to_json",
    "to_toolkit_xlsx",
    "to_xlsx",
    "validate",
]


def read_file(data: bytes, name: str) -> Checked:
    """Parse (by the name's ending: .xlsx or .json) and check a whole file."""
    try:
        document = from_xlsx(data) if name.lower().endswith(".xlsx") else from_json(data)
    except FileRejected as error:
        return Checked(rejections=[error.rejection])
    return validate(document)
