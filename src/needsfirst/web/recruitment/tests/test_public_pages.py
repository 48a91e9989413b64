"""The migrant's public pages: no sign-in, no cookie, no script, tiny, nothing stored, in the
reader's language, rate-limited."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

SITA: dict[str, Any] = {
    "country_of_work": "QA",
    "sector": "domestic",
    "recruiter": "Himalayan Manpower",
    "wage_amount": "800",
    "wage_currency": "QAR",
    "wage_period": "month",
    "hours_per_day": "8",
    "days_per_week": "6",
    "weekly_rest_hours": "24",
    "fee_category": "recruitment",
    "fee_amount": "1200",
    "fee_currency": "QAR",
    "passport_held_by": "employer",
    "contract_written": "yes",
    "contract_language": "no",
    "contract_before": "yes",
    "contract_copy": "yes",
    "pay_interval": "30",
}
PAGES = ("check:home", "check:recruiter", "check:offer", "check:pay", "check:rights")


def _rows() -> int:
    return sum(model.objects.count() for model in apps.get_models())


@pytest.mark.parametrize("name", PAGES)
def test_each_public_page_opens_without_sign_in_sets_no_cookie_and_loads_no_script(
    name: str,
) -> None:
    response = Client().get(reverse(name))
    assert response.status_code == 200
    assert not response.cookies
    page = response.content.decode()
    assert "<script" not in page
    assert "Leave this page quickly" in page
    assert len(response.content) < 100 * 1024


def test_an_offer_check_shows_which_term_breaks_which_standard_and_stores_nothing() -> None:
    before = _rows()
    response = Client().post(reverse("check:offer"), SITA)
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are asked to pay a recruitment fee QAR 1,200.00" in page
    assert "Someone else would keep your passport" in page
    assert "below the legal minimum" in page
    assert "The contract is not in a language you understand." in page
    assert "No. 181" in page
    assert "No. 189" in page
    assert not response.cookies
    assert _rows() == before
    assert len(response.content) < 100 * 1024


def test_the_result_reads_in_arabic_right_to_left() -> None:
    response = Client().post(reverse("check:offer") + "?lang=ar", SITA)
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert 'lang="ar"' in page
    assert "اترك هذه الصفحة بسرعة" in page
    assert "رسوم توظيف" in page


def test_an_unknown_currency_is_refused_next_to_its_field_without_a_500() -> None:
    response = Client().post(reverse("check:offer"), {**SITA, "wage_currency": "QQQ"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_wage_currency-error"' in page
    assert "Choose a currency from the list." in page
    arabic = Client().post(reverse("check:offer") + "?lang=ar", {**SITA, "wage_currency": "QQQ"})
    assert "اختر عملة من القائمة" in arabic.content.decode()


def test_an_offer_with_nothing_but_the_country_says_what_is_missing() -> None:
    response = Client().post(reverse("check:offer"), {"country_of_work": "QA"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "leaves out terms" in page
    assert "who keeps your passport" in page


def test_a_large_body_is_refused() -> None:
    response = Client().post(reverse("check:offer"), {**SITA, "recruiter": "x" * 20000})
    assert response.status_code == 413


@override_settings(PUBLIC_RATE_LIMIT_ENABLED=True, PUBLIC_RATE_LIMITS={"recruiter": 3})
def test_the_recruiter_check_is_rate_limited_per_connection() -> None:
    cache.clear()
    client = Client()
    codes = [client.get(reverse("check:recruiter"), {"q": "x"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get(reverse("check:recruiter"), {"q": "x"}).status_code == 200
    cache.clear()


def test_a_recruiter_not_in_the_lists_is_not_called_unlicensed() -> None:
    page = Client().get(reverse("check:recruiter"), {"q": "Nobody Ltd"}).content.decode()
    assert "does not prove it is unlicensed" in page


def test_is_my_pay_legal_compares_with_the_dated_minimum_and_names_its_source() -> None:
    url = reverse("check:pay")
    low = {
        "country_of_work": "QA",
        "wage_amount": "800",
        "wage_currency": "QAR",
        "wage_period": "month",
    }
    page = Client().get(url, {**low, "hours_per_day": "8", "days_per_week": "6"}).content.decode()
    assert "Your pay is below what the law requires." in page
    assert "QAR 1,000.00 a month" in page
    assert "Law No. 17 of 2020" in page
    fair = Client().get(
        url, {**low, "wage_amount": "1200", "hours_per_day": "8", "days_per_week": "6"}
    )
    assert "Your pay meets the legal minimum." in fair.content.decode()
    unknown_hours = Client().get(url, {**low, "wage_amount": "1200"}).content.decode()
    assert "Your pay could not be fully checked." in unknown_hours
    assert "compared at the legal standard hours" in unknown_hours
    no_data = Client().get(url, {**low, "country_of_work": "AE", "wage_currency": "AED"})
    assert "The law sets no statutory minimum wage here." in no_data.content.decode()
    bad = Client().get(url, {**low, "wage_currency": "QQQ"})
    assert bad.status_code == 400
    assert not bad.cookies


def test_the_pages_read_in_nepali_and_say_the_translation_is_unreviewed() -> None:
    page = Client().post(reverse("check:offer") + "?lang=ne", SITA).content.decode()
    assert 'lang="ne"' in page
    assert "तपाईंलाई भर्ती शुल्क QAR 1,200.00 तिर्न भनिएको छ।" in page
    assert "मातृभाषी वक्ताको समीक्षा बिना" in page
    english = Client().get(reverse("check:home") + "?lang=en").content.decode()
    assert "without review by a native speaker" not in english


def test_know_your_rights_lists_entitlements_pay_and_tied_visa_rules_with_sources() -> None:
    url = reverse("check:rights")
    italy = Client().get(url, {"country": "IT"})
    assert italy.status_code == 200
    page = italy.content.decode()
    assert "What every migrant is entitled to" in page
    assert "If an authority identifies you as a victim of trafficking" in page
    assert "not in needsfirst yet" in page
    qatar = Client().get(url, {"country": "QA"}).content.decode()
    assert "The legal minimum wage is QAR 1,000.00 a month." in qatar
    assert "You may change employer without your employer's permission." in qatar
    assert "Law No. 19 of 2020" in qatar
    unknown = Client().get(url, {"country": "ZZ"})
    assert unknown.status_code == 400
    assert not unknown.cookies


def test_the_pages_read_in_indonesian_and_say_the_translation_is_unreviewed() -> None:
    page = Client().post(reverse("check:offer") + "?lang=id", SITA).content.decode()
    assert 'lang="id"' in page
    assert "Anda diminta membayar biaya perekrutan QAR" in page
    assert "Halaman ini diterjemahkan tanpa diperiksa oleh penutur asli." in page
    home = Client().get(reverse("check:home") + "?lang=id").content.decode()
    assert "Periksa tawaran kerja" in home
    assert "Bahasa Indonesia" in home  # offered in the language list, in its own name


def test_the_pages_read_in_hindi_and_say_the_translation_is_unreviewed() -> None:
    page = Client().post(reverse("check:offer") + "?lang=hi", SITA).content.decode()
    assert 'lang="hi"' in page
    assert "आपसे भर्ती शुल्क QAR" in page
    assert "मूल भाषी की समीक्षा के बिना" in page
    assert "हिंदी" in Client().get(reverse("check:home") + "?lang=hi").content.decode()


def test_the_pages_read_in_bengali_and_say_the_translation_is_unreviewed() -> None:
    page = Client().post(reverse("check:offer") + "?lang=bn", SITA).content.decode()
    assert 'lang="bn"' in page
    assert "আপনাকে নিয়োগ ফি QAR" in page
    assert "মাতৃভাষীর পর্যালোচনা ছাড়াই" in page
    assert "বাংলা" in Client().get(reverse("check:home") + "?lang=bn").content.decode()


def test_the_pages_read_in_tagalog_and_say_the_translation_is_unreviewed() -> None:
    page = Client().post(reverse("check:offer") + "?lang=tl", SITA).content.decode()
    assert 'lang="tl"' in page
    assert "Pinagbabayad ka ng placement fee QAR" in page
    assert "Isinalin ang pahinang ito nang hindi sinuri ng katutubong nagsasalita." in page
    assert ">Tagalog<" in Client().get(reverse("check:home") + "?lang=tl").content.decode()
