"""The demo: services in fictitious towns and one referral waiting in the partner's inbox."""

from __future__ import annotations

import pytest

from needsfirst.web.accounts.models import User
from needsfirst.web.demo.loader import load_demo
from needsfirst.web.referrals.models import Referral, ReferralStatus, ServiceProvider
from needsfirst.web.referrals.selectors import referral_inbox

pytestmark = pytest.mark.django_db


def test_the_demo_lists_services_and_sends_one_referral_once():
    load_demo()
    load_demo()
    assert ServiceProvider.objects.count() == 6
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.SENT
    assert referral.consent is not None
    assert list(referral_inbox(User.objects.get(username="omar"))) == [referral]
