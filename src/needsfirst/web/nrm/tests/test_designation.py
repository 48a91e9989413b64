from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from needsfirst.web.accounts.models import Organisation, OrganisationType
from needsfirst.web.nrm.models import CompetentAuthority

pytestmark = pytest.mark.django_db


def test_a_competent_authority_is_designated_for_a_nation_by_command(authority_org: Any) -> None:
    out = StringIO()
    call_command("nrm_designate", authority_org.name, "gb-wls", stdout=out)
    assert CompetentAuthority.objects.filter(
        organisation=authority_org, jurisdiction="GB-WLS"
    ).exists()
    assert "GB-WLS" in out.getvalue()


def test_an_ngo_or_a_jurisdiction_without_a_mechanism_is_refused(authority_org: Any) -> None:
    ngo = Organisation.objects.create(name="An NGO", type=OrganisationType.NGO, country="GB")
    with pytest.raises(CommandError, match="not of the type"):
        call_command("nrm_designate", ngo.name, "GB-ENG")
    with pytest.raises(CommandError, match="no referral mechanism"):
        call_command("nrm_designate", authority_org.name, "FR")
    with pytest.raises(CommandError, match="no referral mechanism"):
        call_command("nrm_designate", authority_org.name, "GB")
    assert not CompetentAuthority.objects.exists()
