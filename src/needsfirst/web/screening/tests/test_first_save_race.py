"""Two first saves of one case's screening at once: the later is told someone else saved (409),
never a server error, and one screening is kept. (bench/web.py met this under load.)"""

from __future__ import annotations

import pytest

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.screening import services
from needsfirst.web.screening.models import Screening

pytestmark = pytest.mark.django_db


def test_a_first_save_that_loses_the_race_is_a_concurrent_edit(caseworker, open_case, monkeypatch):
    case = open_case()
    facts = {"as_of": "2024-06-01", "jurisdiction": "ES", "person": {"age": 25}}
    # The other save's row appears between this save's look-up (none yet) and its insert.
    Screening.objects.create(case=case, facts=facts)
    real_filter = Screening.objects.select_for_update

    class NothingYet:
        def filter(self, **kwargs):
            return Screening.objects.none()

    monkeypatch.setattr(Screening.objects, "select_for_update", lambda: NothingYet())
    with pytest.raises(services.ConcurrentEditError):
        services.screening_save(
            actor=Actor.for_user(caseworker), case=case, facts=facts, expected_version=0
        )
    monkeypatch.setattr(Screening.objects, "select_for_update", real_filter)
    assert Screening.objects.filter(case=case).count() == 1
