"""The duplicate review's words in the reader's language: the model's reason codes, what a
"missing" comparison means, and why a merge was refused (the pages and the API say the same)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from needsfirst.web.dedup.services import MergeRefused


def reason_text() -> dict[str, str]:
    """The model's reason codes in the reader's language."""
    return {
        "name_same_spelling": _("The names are spelt the same."),
        "name_same_transliteration": _(
            "The names are the same once transliteration is set aside (for example Mohammed "
            "and Muhammad)."
        ),
        "name_close_spelling": _("The names differ by a letter or two."),
        "name_same_sound": _("The names sound the same."),
        "name_all_names_found": _(
            "Every name of one record is in the other, which has one more (a middle name or "
            "a father's name)."
        ),
        "name_all_names_sound_alike": _(
            "Every name of one record sounds like a name of the other (as an unvocalised "
            "spelling does)."
        ),
        "name_shares_a_name": _("The records share one name."),
        "name_different": _("The names are different."),
        "birth_same_date": _("The same date of birth."),
        "birth_same_estimate": _("The same estimated date of birth."),
        "birth_same_year_estimated": _("The same year of birth; at least one date is an estimate."),
        "birth_date_typo": _("The dates of birth differ by one digit, or day and month swapped."),
        "birth_year_one_apart": _("The years of birth are one apart; at least one is an estimate."),
        "birth_different": _("The dates of birth are different."),
        "nationality_same": _("The same nationality."),
        "nationality_different": _("Different nationalities."),
        "document_same": _("The same document number."),
        "document_one_off": _("The document numbers differ by one character."),
        "document_different": _("Different document numbers."),
        "sex_same": _("The same sex."),
        "sex_different": _("A different sex."),
    }


def missing_text() -> dict[str, str]:
    """What a comparison's "missing" level means, by comparison."""
    return {
        "name": _("Name: not recorded for one of them or both, so not compared."),
        "birth": _("Date of birth: not recorded for one of them or both, so not compared."),
        "nationality": _("Nationality: not recorded for one of them or both, so not compared."),
        "document": _("Document number: not recorded for one of them or both, so not compared."),
        "sex": _("Sex: not recorded for one of them or both, so not compared."),
    }


def refusal_text(code: str) -> str:
    return {
        MergeRefused.OTHER_ORGANISATION: _(
            "These two people are not both held by your organisation, so they cannot be "
            "merged. Each organisation keeps its own records."
        ),
        MergeRefused.ERASED: _(
            "The personal data of one of these people has been erased, so they cannot be merged."
        ),
        MergeRefused.ALREADY_MERGED: _(
            "One of these people has already been merged into someone else. Undo that merge first."
        ),
        MergeRefused.DECIDED: _("Someone has already decided about this pair."),
        MergeRefused.SAME_PERSON: _("This is one person already."),
        MergeRefused.ALREADY_UNDONE: _("This merge has already been undone."),
        MergeRefused.CHANGED: _(
            "One of these people was changed since you compared them. Compare them again."
        ),
    }.get(code, _("This cannot be done."))
