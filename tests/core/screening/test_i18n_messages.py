"""Every composed sentence of a result is one message id with named parameters, so it can be
translated as a whole; its English rendering is the text the result shows."""

from __future__ import annotations

import orjson

from needsfirst.i18n import Text, joined, ngettext, plural_text, render, text
from needsfirst.screening import screen

RECORD = {
    "as_of": "2025-06-01",
    "jurisdiction": "ES",
    "person": {"age": 30, "citizenship": ["MA"]},
    "work": {
        "sector": "agriculture",
        "hours_per_day": 12,
        "days_per_week": 7,
        "wage_paid": {"amount": 600, "currency": "EUR", "period": "month"},
        "wage_promised": {"amount": 1200, "currency": "EUR", "period": "month"},
        "documents_held_by": "employer",
    },
}


def test_a_stored_result_rebuilds_each_sentence_from_its_message_id_and_parameters() -> None:
    stored = orjson.loads(orjson.dumps(screen(RECORD).as_dict()))
    messages = stored["messages"]
    assert messages, "the composed sentences are kept with the result"
    shown = [*stored["notes"], *stored["calculations"]]
    assert any(line in messages for line in shown)
    for english, message in messages.items():
        assert render(Text.from_json(message)) == english
        assert "%(" in message["msgid"], "a message with parameters names them"
    # the reader's language: the whole sentence and the period are translated, values kept
    catalogue = {
        "Paid against promised: %(paid)s / %(promised)s = %(share)s%%": (
            "Payé par rapport au promis : %(paid)s / %(promised)s = %(share)s %%"
        ),
        "%(amount)s per month": "%(amount)s par mois",
    }
    line = next(v for k, v in messages.items() if k.startswith("Paid against promised"))
    french = render(Text.from_json(line), lambda s: catalogue.get(s, s))
    assert french == "Payé par rapport au promis : 600.00 EUR / 1200.00 EUR par mois = 50 %"


def test_the_result_is_reproducible_with_its_messages() -> None:
    assert orjson.dumps(screen(RECORD).as_dict()) == orjson.dumps(screen(RECORD).as_dict())


def test_a_plural_message_takes_its_form_from_the_count() -> None:
    days = ngettext("%(n)d day", "%(n)d days")
    assert plural_text(days, 1) == "1 day"
    assert plural_text(days, 3) == "3 days"
    forms = {1: "%(n)d jour", 2: "%(n)d jours"}
    assert render(plural_text(days, 3), lambda s: s, lambda s, p, n: forms[min(n, 2)]) == (
        "3 jours"
    )


def test_nested_and_list_parameters_are_translated_in_turn() -> None:
    sentence = text(
        "%(act)s (by %(roles)s)", act=Text("recruitment"), roles=joined([Text("smuggler"), "X"])
    )
    assert sentence == "recruitment (by smuggler, X)"
    assert Text.from_json(sentence.as_json()) == sentence
    catalogue = {
        "recruitment": "recrutement",
        "smuggler": "passeur",
        "%(act)s (by %(roles)s)": ("%(act)s (par %(roles)s)"),
    }
    assert render(sentence, lambda s: catalogue.get(s, s)) == "recrutement (par passeur, X)"
