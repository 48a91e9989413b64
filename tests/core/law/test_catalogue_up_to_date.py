"""The generated catalogue of law-data texts lists exactly the user-facing YAML texts of today.

A text added to the YAML without regenerating `needsfirst.law.catalogue` would never reach the
translation catalogues; this test catches it.
Fix: `.venv/bin/python scripts/extract_law_strings.py`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from needsfirst.law import catalogue

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "extract_law_strings.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extract_law_strings", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_catalogue_lists_every_user_facing_yaml_text() -> None:
    expected = _script().extract()
    missing = sorted(set(expected) - set(catalogue.TEXTS))
    extra = sorted(set(catalogue.TEXTS) - set(expected))
    assert not missing, f"regenerate the catalogue; missing: {missing[:5]}"
    assert not extra, f"regenerate the catalogue; no longer in the YAML: {extra[:5]}"
    assert list(catalogue.TEXTS) == expected


def test_the_committed_module_is_the_generated_file() -> None:
    script = _script()
    generated = script.render(script.extract())
    assert Path(catalogue.__file__).read_text(encoding="utf-8") == generated


def test_ids_citations_and_urls_are_not_listed() -> None:
    texts = set(catalogue.TEXTS)
    assert "Art. 3(a)" not in texts
    assert "presumed_victim" not in texts
    assert not any(text.startswith("http") for text in texts)
    assert "Threat of force" in texts
    assert "Abuse of vulnerability" in texts
