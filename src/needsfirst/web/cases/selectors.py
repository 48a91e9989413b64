"""Reading cases and people: every query starts from what the user's organisation may see."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from needsfirst.web.accounts.models import CASE_ROLES, User
from needsfirst.web.cases.models import (
    Case,
    CaseShare,
    CaseShareSection,
    NameToken,
    Person,
)
from needsfirst.web.common import crypto
from needsfirst.web.common.keyset import KeysetPage, keyset_page

ALL_SECTIONS = frozenset(CaseShareSection.values)


def _shares_in_force(user: User) -> QuerySet[CaseShare]:
    """Shares with the user's organisation resting on a consent in force that names that same
    organisation: a share the consent does not cover opens nothing, however it was written."""
    return CaseShare.objects.filter(
        organisation=user.organisation,
        revoked_at__isnull=True,
        consent__withdrawn_on__isnull=True,
        consent__granted=True,
        consent__recipient=F("organisation"),
    )


def _shared_case_ids(user: User, *, section: str | None = None) -> list[int]:
    """Ids of cases shared with the user's organisation under a consent in force (a short list).

    With `section`, only the cases whose shares open that section.
    """
    shares = _shares_in_force(user)
    if section is None:
        return list(shares.values_list("case_id", flat=True))
    return [
        case_id
        for case_id, sections in shares.values_list("case_id", "sections")
        if section in sections
    ]


def _works_on_cases(user: User) -> bool:
    return bool(user.is_authenticated and user.role in CASE_ROLES and user.organisation_id)


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Cases the user's organisation holds, and those shared with it under a consent in force."""
    if not _works_on_cases(user):
        return Case.objects.none()
    # The shared ids are fetched first, so the list is an index scan on the organisation's own
    # cases (plus a few ids), not a join with the shares however many cases there are.
    visible = Q(organisation=user.organisation)
    shared = _shared_case_ids(user)
    if shared:
        visible |= Q(id__in=shared)
    return Case.objects.filter(visible).select_related("person", "assigned_caseworker")


def _shared_person_ids(user: User, *, section: str | None = None) -> list[int]:
    shared = _shared_case_ids(user, section=section)
    if not shared:
        return []
    return list(Case.objects.filter(id__in=shared).values_list("person_id", flat=True))


def people_visible_to(user: User) -> QuerySet[Person]:
    if not _works_on_cases(user):
        return Person.objects.none()
    visible = Q(organisation=user.organisation)
    shared = _shared_person_ids(user)
    if shared:
        visible |= Q(id__in=shared)
    return Person.objects.filter(visible)


@dataclass(frozen=True)
class Access:
    """What one user may see of one case: everything (the holder) or the shared sections."""

    owner: bool
    sections: frozenset[str]

    def sees(self, section: str) -> bool:
        return self.owner or section in self.sections


def case_access(user: User, case: Case) -> Access:
    if user.organisation_id == case.organisation_id and user.role in CASE_ROLES:
        return Access(owner=True, sections=ALL_SECTIONS)
    if not _works_on_cases(user):
        return Access(owner=False, sections=frozenset())
    shares = _shares_in_force(user).filter(case=case)
    sections: set[str] = set()
    for share in shares:
        sections.update(share.sections)
    return Access(owner=False, sections=frozenset(sections))


def case_get_for(user: User, case_uuid: UUID | str) -> Case:
    """The case, if the user may see it; otherwise 404, so existence is not revealed."""
    try:
        return cases_visible_to(user).get(uuid=case_uuid)
    except (Case.DoesNotExist, ValueError) as error:
        raise Http404 from error


def case_get_owned_by(user: User, case_uuid: UUID | str) -> Case:
    """The case, if the user's organisation holds it (not merely shares it); otherwise 404."""
    case = case_get_for(user, case_uuid)
    if case.organisation_id != user.organisation_id:
        raise Http404
    return case


def case_list_page(
    user: User,
    *,
    status: str = "",
    exclude_status: str = "",
    mine: bool = False,
    after: str | None = None,
    before: str | None = None,
    size: int = 25,
) -> KeysetPage:
    """A page of the case list, newest first, read through the (organisation, -opened_at, -id)
    index (or the status or caseworker one): the cost of a page does not grow with the
    organisation. The few cases shared with the organisation are read apart and merged."""
    if not _works_on_cases(user):
        return KeysetPage([], None, None)

    def narrowed(cases: QuerySet[Case]) -> QuerySet[Case]:
        if status:
            cases = cases.filter(status=status)
        if exclude_status:
            cases = cases.exclude(status=exclude_status)
        if mine:
            cases = cases.filter(assigned_caseworker=user)
        return cases.select_related("person", "assigned_caseworker")

    querysets = [narrowed(Case.objects.filter(organisation=user.organisation))]
    shared = _shared_case_ids(user)
    if shared:
        querysets.append(narrowed(Case.objects.filter(id__in=shared)))
    return keyset_page(querysets, time_field="opened_at", size=size, after=after, before=before)


# A search reads at most this many index entries per token: a common name part (thousands of
# people in a large organisation) gives a sample of them, while the specific keys (the joined
# full name, rare parts) give all theirs, so the best candidates still come first.
PER_TOKEN_LIMIT = 1000
CANDIDATE_LIMIT = 200

_CANDIDATES_SQL = """
SELECT hits.person_id, count(*) AS shared
FROM unnest(%s::varchar[]) AS wanted(token)
CROSS JOIN LATERAL (
    SELECT t.person_id FROM cases_nametoken t
    WHERE t.organisation_id = %s AND t.token = wanted.token
    LIMIT %s
) AS hits
GROUP BY hits.person_id
ORDER BY shared DESC, hits.person_id
LIMIT %s
"""


def _own_candidates(organisation_id: int, tokens: list[str]) -> list[tuple[int, int]]:
    """(person id, tokens shared) of the organisation's people sharing the most tokens.

    PostgreSQL: one bounded index-only range per token (LATERAL ... LIMIT). Elsewhere (SQLite,
    small test databases) the same grouping without the per-token bound.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                _CANDIDATES_SQL, [tokens, organisation_id, PER_TOKEN_LIMIT, CANDIDATE_LIMIT]
            )
            return [(row[0], row[1]) for row in cursor.fetchall()]
    return list(
        NameToken.objects.filter(organisation_id=organisation_id, token__in=tokens)
        .values("person")
        .annotate(shared=Count("id"))
        .order_by("-shared", "person")
        .values_list("person", "shared")[:CANDIDATE_LIMIT]
    )


def people_search(user: User, text: str, *, limit: int = 50) -> list[Person]:
    """People whose names share blind-index tokens with `text`, best match first.

    The database sees only keyed tokens: it finds candidates sharing any token, then their
    stored tokens are ranked in memory. No clear name ever reaches a query. At most
    `crypto.QUERY_TOKEN_CAP` tokens are looked up, each for at most `PER_TOKEN_LIMIT` entries.
    """
    tokens = crypto.search_tokens(text)
    if not tokens:
        return []
    if not _works_on_cases(user) or user.organisation_id is None:
        return []
    candidates = _own_candidates(user.organisation_id, tokens)
    # A partner finds a person by name only where the person agreed to share their identity.
    shared = _shared_person_ids(user, section=CaseShareSection.IDENTITY)
    if shared:
        candidates += list(
            NameToken.objects.filter(person_id__in=shared, token__in=tokens)
            .values("person")
            .annotate(shared=Count("id"))
            .values_list("person", "shared")
        )
    candidates.sort(key=lambda item: (-item[1], item[0]))
    candidate_ids = list(dict.fromkeys(person_id for person_id, _n in candidates))
    candidate_ids = candidate_ids[:CANDIDATE_LIMIT]
    stored: dict[int, set[str]] = {person_id: set() for person_id in candidate_ids}
    for person_id, token in NameToken.objects.filter(person__in=candidate_ids).values_list(
        "person", "token"
    ):
        stored[person_id].add(token)
    ranked = crypto.rank_candidates(text, stored)[:limit]
    # A person absorbed by a merge is found under the person kept, not on their own.
    people = Person.objects.filter(anonymised_at__isnull=True, merged_into__isnull=True).in_bulk(
        [person_id for person_id, _score in ranked]
    )
    return [people[person_id] for person_id, _score in ranked if person_id in people]
