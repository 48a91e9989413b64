"""Clusters that do not chain into giants.

Connected components over scored pairs chain: A~B, B~C, ... and at a million records one loose
threshold joins tens of thousands of people. Here pairs are taken best first and two clusters
are joined only if (1) the joined cluster has at most `max_size` records and (2) at least
`min_link` of the pairs between them scored at or above `threshold` (average linkage). A weak
bridge between two tight groups is thereby not followed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Final

MAX_CLUSTER: Final = 10
MIN_LINK: Final = 0.5


def cluster_pairs(
    record_ids: Iterable[str],
    pairs: Iterable[tuple[str, str, float]],
    *,
    threshold: float,
    max_size: int = MAX_CLUSTER,
    min_link: float = MIN_LINK,
) -> dict[str, str]:
    """Map every record id to its cluster id (the smallest record id of the cluster)."""
    strong = sorted(
        ((p, a, b) for a, b, p in pairs if p >= threshold and a != b), key=lambda t: -t[0]
    )
    neighbours: dict[str, set[str]] = defaultdict(set)
    for _, a, b in strong:
        neighbours[a].add(b)
        neighbours[b].add(a)
    members: dict[str, list[str]] = {rid: [rid] for rid in record_ids}
    root: dict[str, str] = {rid: rid for rid in members}
    for _, a, b in strong:
        ra, rb = root[a], root[b]
        if ra == rb:
            continue
        group_a, group_b = members[ra], members[rb]
        if len(group_a) + len(group_b) > max_size:
            continue
        links = sum(1 for x in group_a for y in neighbours[x] if root[y] == rb)
        if links < min_link * len(group_a) * len(group_b):
            continue
        if len(group_a) < len(group_b):
            ra, rb, group_a, group_b = rb, ra, group_b, group_a
        group_a.extend(group_b)
        for rid in group_b:
            root[rid] = ra
        del members[rb]
    return {rid: min(members[r]) for rid, r in root.items()}
