"""How long a large HTCDS 2.0 file takes: the pure check, and the import into an organisation.

Run: .venv/bin/python bench/exchange_import.py [--cases 2000] (DATABASE_URL selects PostgreSQL)
Builds a file of N people, each with a case, two events, an authority decision and a plan
action; prints the seconds and rows per second of (1) the whole-file check of the JSON and of
the spreadsheet, (2) the import, (3) the same file imported again (nothing created, every
record compared), (4) the file with one person in ten changed at the source (updated field by
field), (5) the export job of the organisation (JSON and spreadsheet), and writes them to
bench/results/exchange_import.txt.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "exchange_import.txt"


def document(cases: int) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {
        "person": [],
        "case": [],
        "identification": [],
        "event": [],
        "support_plan": [],
    }
    for n in range(cases):
        tables["person"].append(
            {
                "nf_Id": f"p{n}",
                "prs_FirstName": f"Given{n}",
                "prs_SecondName": f"Family{n % 97}",
                "prs_Birthdate": (date(1990, 1, 1) + timedelta(days=n % 5000)).isoformat(),
                "prs_Gender": "Feminine" if n % 2 else "Masculine",
                "prs_Citizenship": ["NP"],
                "prs_MobilePhone": f"+97798{n:08d}",
            }
        )
        tables["case"].append({"nf_Id": f"c{n}", "nf_PersonId": f"p{n}", "cas_Status": "Active"})
        tables["identification"].append(
            {
                "nf_Id": f"d{n}",
                "nf_CaseId": f"c{n}",
                "nf_Stage": "authority",
                "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
                "vic_TraffickingStatusDecisionMakingOrg": "Police",
                "nf_DecidingOrganisation": "Police",
                "nf_DecidedOn": "2025-01-01",
            }
        )
        for kind in ("Recruitment", "Exploitation"):
            tables["event"].append(
                {
                    "nf_Id": f"e{n}{kind[0]}",
                    "nf_CaseId": f"c{n}",
                    "hte_Type": kind,
                    "hte_Country": "NP",
                    "hte_Description": "What happened, in the person's words.",
                }
            )
        tables["support_plan"].append(
            {
                "nf_Id": f"s{n}",
                "nf_CaseId": f"c{n}",
                "spl_Type": "SocialCare",
                "spl_ActionPlan": "Find a safe place to stay",
                "spl_PlannedEndDate": "2025-02-01",
                "nf_Need": "shelter",
                "nf_Role": "shelter_provider",
                "nf_Urgency": 2,
                "nf_Status": "done",
            }
        )
    return {"standard": "HTCDS", "version": "2.0", "source": "bench", "tables": tables}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    arguments = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="nf-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "needsfirst.web.config.settings.test"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from needsfirst.exchange import make_document, read_file, to_xlsx
    from needsfirst.web.accounts.actor import Actor
    from needsfirst.web.accounts.models import Organisation, Role, User
    from needsfirst.web.exchange.services import export_request, export_run_job, import_now

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Bench NGO", type="NGO", country="IT")
    admin = User.objects.create_user(
        username="bench-admin", role=Role.ORGANISATION_ADMIN, organisation=organisation
    )
    actor = Actor.for_user(admin, address="127.0.0.1")

    raw = document(arguments.cases)
    content = json.dumps(raw).encode()
    started = time.perf_counter()
    checked = read_file(content, "bench.json")
    check_json = time.perf_counter() - started
    assert checked.ok, checked.rejections[:3]
    rows = checked.count()
    spreadsheet = to_xlsx(make_document(checked.tables, source="bench", exported_at=""))
    started = time.perf_counter()
    assert read_file(spreadsheet, "bench.xlsx").ok
    check_xlsx = time.perf_counter() - started

    started = time.perf_counter()
    job = import_now(actor=actor, file_name="bench.json", content=content)
    first = time.perf_counter() - started
    assert job.summary["created"] == rows, job.summary
    started = time.perf_counter()
    again = import_now(actor=actor, file_name="bench.json", content=content)
    second = time.perf_counter() - started
    assert again.summary["created"] == 0

    changed = json.loads(content)
    for n, person in enumerate(changed["tables"]["person"]):
        if n % 10 == 0:
            person["prs_MailingCity"] = f"City{n}"
    started = time.perf_counter()
    update = import_now(actor=actor, file_name="bench.json", content=json.dumps(changed).encode())
    updating = time.perf_counter() - started
    assert update.summary["updated"] == (arguments.cases + 9) // 10, update.summary
    assert update.summary["conflicts"] == []

    exports = {}
    for file_format in ("json", "xlsx"):
        started = time.perf_counter()
        job = export_request(actor=actor, file_format=file_format, queue=False)
        export_run_job(job.pk)
        exports[file_format] = time.perf_counter() - started

    lines = [
        f"HTCDS 2.0 exchange, {arguments.cases} cases = {rows} rows "
        f"(JSON {len(content) / 1e6:.1f} MB, XLSX {len(spreadsheet) / 1e6:.1f} MB), "
        f"database {os.environ['DATABASE_URL'].split(':', 1)[0]}",
        f"check JSON (pure)      {check_json:7.2f} s  {rows / check_json:9.0f} rows/s",
        f"check XLSX (pure)      {check_xlsx:7.2f} s  {rows / check_xlsx:9.0f} rows/s",
        f"import (one transaction, encrypted, audited) {first:7.2f} s  {rows / first:7.0f} rows/s",
        f"same file again (nothing created)            {second:7.2f} s  "
        f"{rows / second:7.0f} rows/s",
        f"one person in ten changed (updated: {update.summary['updated']})       "
        f"{updating:7.2f} s  {rows / updating:7.0f} rows/s",
        f"export job, JSON                             {exports['json']:7.2f} s  "
        f"{rows / exports['json']:7.0f} rows/s",
        f"export job, spreadsheet                      {exports['xlsx']:7.2f} s  "
        f"{rows / exports['xlsx']:7.0f} rows/s",
    ]
    print("\n".join(lines))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
