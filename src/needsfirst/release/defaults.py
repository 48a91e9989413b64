"""Defaults of a release, importable without numpy or OpenDP (the command line reads them)."""

DEFAULT_K = 11  # as in CTDC's k-anonymised global dataset
DEFAULT_MAX_SUPPRESSION = 0.01  # share of rows a release may leave out
