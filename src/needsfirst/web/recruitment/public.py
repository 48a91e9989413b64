"""The migrant's public pages: check a recruiter, check a job offer. No sign-in, no cookie,
no script, nothing stored.

The reader's language comes from `?lang=` (links carry it), not from a cookie, so nothing is set
on the phone before the person asks for help. The offer check is a POST so that the terms do
not end up in an address or a log; it changes nothing on the server, so it needs no CSRF token
(and therefore no cookie): a forged request could only show someone a check of terms it chose.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from needsfirst.i18n import render as render_message
from needsfirst.needs import Category, entitlements_list, supported_jurisdictions
from needsfirst.recruitment import OfferInputError, check_offer, offer_from_mapping
from needsfirst.recruitment.checker import PERIOD_NAMES
from needsfirst.recruitment.render import NOT_LEGAL_ADVICE, SEVERITY_TEXT, VERDICT_TEXT
from needsfirst.recruitment.sponsorship import sponsorship_law
from needsfirst.wages.money import format_money
from needsfirst.wages.rates import jurisdictions_with_minimum_wage_data, minimum_wage_finding
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.common.errors import input_error_message
from needsfirst.web.common.validators import _translated, country_name
from needsfirst.web.recruitment import selectors
from needsfirst.web.recruitment.forms import TERM_FIELDS, HelpForm, LookupForm, OfferForm, PayForm
from needsfirst.web.recruitment.help import KNOWN_RULES, help_partner_for, help_request_submit
from needsfirst.web.recruitment.ratelimit import rate_limited

PUBLIC_LANGUAGES = ("en", "fr", "es", "ar", "ne", "hi", "bn", "id", "tl")
# Translations not yet reviewed by a native speaker: the page says so (issue 9).
UNREVIEWED_LANGUAGES = frozenset({"fr", "es", "ar", "ne", "hi", "bn", "id", "tl"})
MAX_BODY = 16 * 1024

View = Callable[..., HttpResponse]


def in_reader_language(view: View) -> View:
    """Render in `?lang=` (one of the public languages), else the browser's language."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wanted = request.GET.get("lang", "")
        language = (
            wanted if wanted in PUBLIC_LANGUAGES else translation.get_language_from_request(request)
        )
        if language not in PUBLIC_LANGUAGES:
            language = "en"
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        response["Content-Language"] = language
        # same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" with a
        # form, and the CSRF check of the help form refuses it. No other site gets a referrer.
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapped


def _iso_day(day: Any) -> str:
    """An ISO date isolated left to right (Unicode LRI ... PDI), so an Arabic sentence does not
    show 2026-12-03 as 03-12-2026."""
    return f"\u2066{day.isoformat()}\u2069"


def _say(message: object) -> str:
    def translate(text: str) -> str:
        translated = _(text)
        return translated if translated != text else _translated("iso3166-1", text)

    return render_message(message, translate, ngettext)


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    language = translation.get_language() or "en"
    return {
        "lang": language,
        "bidi": translation.get_language_bidi(),
        "unreviewed": language in UNREVIEWED_LANGUAGES,
        "languages": [
            (code, translation.get_language_info(code)["name_local"]) for code in PUBLIC_LANGUAGES
        ],
        **extra,
    }


@require_GET
@in_reader_language
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "recruitment/public/home.html", _context(request))


@require_GET
@rate_limited("recruiter", per_minute=30)
@in_reader_language
def recruiter(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.GET if "q" in request.GET else None)
    results: list[Any] = []
    if form.is_valid():
        results = selectors.recruiter_lookup(
            query=form.cleaned_data["q"], on=timezone.localdate(), limit=5
        )
    return render(
        request,
        "recruitment/public/recruiter.html",
        _context(
            request, form=form, results=results, searched=form.is_bound, today=timezone.localdate()
        ),
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
@rate_limited("offer", per_minute=20)
@in_reader_language
def offer(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and len(request.body) > MAX_BODY:
        return render(
            request,
            "recruitment/public/offer.html",
            _context(request, form=OfferForm()),
            status=413,
        )
    form = OfferForm(request.POST if request.method == "POST" else None)
    result = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                terms = offer_from_mapping(form.offer_terms(), on=timezone.localdate())
            except OfferInputError as error:
                form.add_error(
                    TERM_FIELDS.get(error.field),
                    input_error_message(error),
                )
            else:
                registry = selectors.recruiter_status_for_offer(
                    name=terms.recruiter, licence=terms.recruiter_licence, on=terms.on
                )
                result = _result(check_offer(terms, registry=registry))
                status = 200
    return render(
        request,
        "recruitment/public/offer.html",
        _context(request, form=form, result=result),
        status=status,
    )


def _result(check: Any) -> dict[str, Any]:
    return {
        "rules": ",".join(check.rules),
        "verdict": check.verdict.value,
        "verdict_text": _say(VERDICT_TEXT[check.verdict]),
        "findings": [
            {
                "severity": finding.severity.value,
                "severity_text": _say(SEVERITY_TEXT[finding.severity]),
                "problem": _say(finding.problem),
                "ask": _say(finding.ask_instead),
                "standards": [item.cite() for item in finding.standards],
                "sources": [source.cite() for source in finding.sources],
            }
            for finding in check.findings
        ],
        "missing": [_say(item.why) for item in check.missing],
        "notes": [_say(note) for note in check.notes],
        "not_legal_advice": _say(NOT_LEGAL_ADVICE),
    }


CONSENT_TEXT = gettext_lazy(
    "I agree that a partner organisation working in the country I chose receives what I wrote "
    "on this page, and the list of problems found in my job offer, so that it can contact me "
    "and help me. It will not share them with anyone else without asking me."
)


@require_http_methods(["GET", "POST"])
@rate_limited("help", per_minute=5)
@in_reader_language
def help_request(request: HttpRequest) -> HttpResponse:
    """The only public page that stores anything, and only after the person agrees."""
    if request.method == "POST" and len(request.body) > MAX_BODY:
        return render(
            request, "recruitment/public/help.html", _context(request, form=HelpForm()), status=413
        )
    if request.method == "POST":
        form = HelpForm(request.POST)
    else:
        rules = ",".join(
            rule for rule in request.GET.get("rules", "").split(",") if rule in KNOWN_RULES
        )
        form = HelpForm(initial={"rules": rules})
    context = _context(request, form=form, consent_text=CONSENT_TEXT)
    if request.method != "POST":
        return render(request, "recruitment/public/help.html", context)
    if not form.is_valid():
        return render(request, "recruitment/public/help.html", context, status=400)
    partner = help_partner_for(country=form.cleaned_data["country"])
    if partner is None:
        context["no_partner"] = True
        return render(request, "recruitment/public/help.html", context)
    sent = help_request_submit(
        actor=Actor.from_request(request),
        organisation=partner,
        country=form.cleaned_data["country"],
        language=translation.get_language() or "en",
        channel=form.cleaned_data["channel"],
        contact=form.cleaned_data["contact"],
        safe_times=form.cleaned_data["safe_times"],
        name=form.cleaned_data["name"],
        message=form.cleaned_data["message"],
        check_rules=form.cleaned_data["rules"].split(","),
        consent_text=str(CONSENT_TEXT),
    )
    return render(
        request,
        "recruitment/public/help_sent.html",
        _context(request, reference=sent.reference, partner=partner.name),
    )


PAY_RULES = frozenset({"RF08", "RF12", "RF13"})
PAY_TERMS = frozenset({"wage", "wage.currency", "hours_per_day"})


@require_GET
@rate_limited("pay", per_minute=20)
@in_reader_language
def pay(request: HttpRequest) -> HttpResponse:
    """Is my pay legal? A GET form (amounts are not personal data) answered at once."""
    form = PayForm(request.GET if "country_of_work" in request.GET else None)
    context = _context(request, form=form)
    if not form.is_bound:
        return render(request, "recruitment/public/pay.html", context)
    if not form.is_valid():
        return render(request, "recruitment/public/pay.html", context, status=400)
    try:
        terms = offer_from_mapping(form.offer_terms(), on=timezone.localdate())
    except OfferInputError as error:
        form.add_error(
            TERM_FIELDS.get(error.field),
            input_error_message(error),
        )
        return render(request, "recruitment/public/pay.html", context, status=400)
    check = check_offer(terms)
    floor = minimum_wage_finding(terms.country_of_work, terms.on, terms.sector)
    context["result"] = {
        "findings": [
            {
                "problem": _say(f.problem),
                "ask": _say(f.ask_instead),
                "sources": [s.cite() for s in f.sources],
            }
            for f in check.findings
            if f.rule in PAY_RULES
        ],
        "missing": [_say(item.why) for item in check.missing if item.term in PAY_TERMS],
        "notes": [_say(note) for note in check.notes],
        "minimum": None
        if floor.wage is None
        else {
            "amount": format_money(floor.wage.amount, floor.wage.currency),
            "period": _say(PERIOD_NAMES[floor.wage.period]),
            "source": floor.wage.source.cite(),
            "since": _iso_day(floor.wage.effective_from),
        },
        "explanation": _say(floor.explanation),
        "on": _iso_day(terms.on),
    }
    return render(request, "recruitment/public/pay.html", context)


RECOGNISED_LABELS = {
    Category.PRESUMED_VICTIM: gettext_lazy(
        "If an authority has reasonable grounds to think you are a victim of trafficking"
    ),
    Category.IDENTIFIED_VICTIM: gettext_lazy(
        "If an authority identifies you as a victim of trafficking"
    ),
}


def _rights_countries() -> list[tuple[str, str]]:
    codes = set(jurisdictions_with_minimum_wage_data()) | set(
        supported_jurisdictions("entitlements.yaml")
    )
    return sorted(((code, country_name(code)) for code in codes), key=lambda item: item[1])


def _entitlement(item: Any) -> dict[str, Any]:
    return {"title": _(item.title), "summary": _(item.summary), "source": item.source.cite()}


@require_GET
@rate_limited("rights", per_minute=30)
@in_reader_language
def rights(request: HttpRequest) -> HttpResponse:
    """Know your rights in a country of work: from the law data needsfirst holds, with sources."""
    countries = _rights_countries()
    code = request.GET.get("country", "").upper()
    context = _context(request, countries=countries, country=code)
    if not code:
        return render(request, "recruitment/public/rights.html", context)
    if code not in {value for value, _label in countries}:
        context["unknown"] = True
        return render(request, "recruitment/public/rights.html", context, status=400)
    today = timezone.localdate()
    summary = None
    if code in supported_jurisdictions("entitlements.yaml"):
        summary = entitlements_list(jurisdiction=code, category=Category.ANY_MIGRANT, on=today)
    floor = minimum_wage_finding(code, today)
    law = sponsorship_law(code, today)
    context["rights"] = {
        "country_name": country_name(code),
        "on": _iso_day(today),
        "entitlements_known": summary is not None,
        "now": [_entitlement(item) for item in summary.now] if summary else [],
        "more": [
            (RECOGNISED_LABELS[level], [_entitlement(item) for item in items])
            for level, items in summary.if_recognised
        ]
        if summary
        else [],
        "minimum": None
        if floor.wage is None
        else {
            "amount": format_money(floor.wage.amount, floor.wage.currency),
            "period": _say(PERIOD_NAMES[floor.wage.period]),
            "source": floor.wage.source.cite(),
        },
        "minimum_explanation": _say(floor.explanation),
        "sponsorship": None
        if law is None
        else {
            "change_free": not law.change_employer_needs_permission,
            "leave_free": not law.leaving_needs_permission,
            "since": _iso_day(law.effective_from),
            "source": law.source.cite(),
        },
    }
    return render(request, "recruitment/public/rights.html", context)
