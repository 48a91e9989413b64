"""Duplicate detection inside one organisation: a splink model for migrants' records.

Pure: takes plain records (`PersonRecord`), returns candidate pairs with their reasons and
size-capped clusters. The model runs on DuckDB in memory, with spilling to disk switched off, so
decrypted values never reach a file (`model.connect`). See docs/linkage.md.
"""

from needsfirst.dedup.cluster import cluster_pairs
from needsfirst.dedup.model import CandidatePair, DedupResult, find_duplicates
from needsfirst.dedup.records import PersonRecord

__all__ = ["CandidatePair", "DedupResult", "PersonRecord", "cluster_pairs", "find_duplicates"]
