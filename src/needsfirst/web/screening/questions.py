"""The guided interview: the questions of a screening record, grouped as the standards group them.

Each question names the path of its fact in the screening record (see
`docs/schema/screening-record.schema.json`), so the form, the record and the engine's error
messages (which name record paths) meet in one place. Sections may carry skip logic: a
section whose condition is false is hidden in the browser and its answers are not recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from needsfirst.screening import load_rules

Label = str | Promise
# A clause of a condition: ("in", field, values), ("under", field, number) or ("empty", field).
Clause = tuple[Any, ...]

ANSWER = "answer"  # yes / no / unknown, with an optional evidence note
INTEGER = "integer"
NUMBER = "number"
DATE = "date"
COUNTRY = "country"
COUNTRIES = "countries"
CHOICE = "choice"
TEXT = "text"
CURRENCY = "currency"


@dataclass(frozen=True)
class Question:
    name: str  # form field name
    path: tuple[str, ...]  # where the fact lives in the record; () for interview-only answers
    kind: str
    label: Label
    choices: tuple[tuple[str, Label], ...] = ()
    help: Label = ""
    required: bool = False
    tag: Label = ""  # e.g. the ILO forced-labour indicator an ILO/EC indicator shows

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True)
class Section:
    key: str
    title: Label
    questions: tuple[Question, ...]
    show_if_any: tuple[Clause, ...] = ()  # empty: always shown
    condition_text: Label = ""


@dataclass(frozen=True)
class Group:
    key: str
    title: Label
    source: str
    sections: tuple[Section, ...] = field(default_factory=tuple)


def field_name(path: tuple[str, ...]) -> str:
    return "__".join(part.replace(".", "_") for part in path)


def _answer(path: tuple[str, ...], label: Label, *, help: Label = "", tag: Label = "") -> Question:
    return Question(field_name(path), path, ANSWER, label, help=help, tag=tag)


PERIODS: tuple[tuple[str, Label], ...] = (
    ("hour", _("per hour")),
    ("day", _("per day")),
    ("week", _("per week")),
    ("month", _("per month")),
    ("unknown", _("period not known")),
)
UNKNOWN_CHOICE: tuple[str, Label] = ("", _("Unknown"))


def _money(path: tuple[str, ...], label: Label, *, period: bool) -> tuple[Question, ...]:
    questions = [
        Question(field_name((*path, "amount")), (*path, "amount"), NUMBER, label),
        Question(
            field_name((*path, "currency")),
            (*path, "currency"),
            CURRENCY,
            _("Currency"),
            help=_("ISO 4217 code, e.g. EUR"),
        ),
    ]
    if period:
        questions.append(
            Question(
                field_name((*path, "period")),
                (*path, "period"),
                CHOICE,
                _("Per"),
                choices=(UNKNOWN_CHOICE, *PERIODS),
            )
        )
    return tuple(questions)


MONEY_PATHS: tuple[tuple[str, ...], ...] = (
    ("work", "wage_promised"),
    ("work", "wage_paid"),
    ("work", "deductions"),
    ("work", "recruitment_fees"),
    ("work", "debt", "amount"),
    ("movement", "amount_paid"),
    ("law", "minimum_wage"),
)
"""Money facts: an amount, a currency and (for pay) a period, recorded together or not at all."""

INTERVIEW_ONLY_WORKED = "worked"


@cache
def groups() -> tuple[Group, ...]:
    """The interview, in the order the standards ask (built once; labels translate lazily)."""
    rules = load_rules()
    protocol = "UN Trafficking Protocol, Art. 3"
    child = Section(
        "child",
        _("A child at any stage?"),
        (
            _answer(
                ("person", "child_at_recruitment"),
                _("Was the person under 18 when recruited, moved or first received?"),
            ),
            _answer(
                ("person", "child_at_exploitation"),
                _("Was the person under 18 while exploited or harboured?"),
            ),
        ),
        show_if_any=(
            ("empty", "person__age"),
            ("under", "person__age", 18),
            ("under", "person__age_when_trafficked", 18),
        ),
        condition_text=_("Asked when the person is under 18 or the age is unknown."),
    )
    person = Group(
        "person",
        _("Person and age"),
        "UN Trafficking Protocol, Art. 3(c)-(d)",
        (
            Section(
                "screening",
                _("This screening"),
                (
                    Question(
                        "as_of",
                        ("as_of",),
                        DATE,
                        _("Apply the law in force on"),
                        required=True,
                        help=_("Usually the time of the exploitation, or today."),
                    ),
                    Question(
                        "jurisdiction",
                        ("jurisdiction",),
                        COUNTRY,
                        _("Country where the work or exploitation took place"),
                        help=_(
                            "Leave unknown if it is not known: the international tests still "
                            "apply; national labour-law tests are skipped."
                        ),
                    ),
                ),
            ),
            Section(
                "person",
                _("The person"),
                (
                    Question(
                        "person__age",
                        ("person", "age"),
                        INTEGER,
                        _("Age on that date"),
                        help=_("Leave empty if unknown."),
                    ),
                    Question(
                        "person__age_when_trafficked",
                        ("person", "age_when_trafficked"),
                        INTEGER,
                        _("Age when first recruited or moved"),
                    ),
                    Question(
                        "person__gender",
                        ("person", "gender"),
                        CHOICE,
                        _("Gender"),
                        choices=(
                            UNKNOWN_CHOICE,
                            ("Feminine", _("Woman or girl")),
                            ("Masculine", _("Man or boy")),
                            ("TransgenderFeminine", _("Transgender woman or girl")),
                            ("TransgenderMasculine", _("Transgender man or boy")),
                            ("NonConforming", _("Gender non-conforming")),
                        ),
                    ),
                    Question(
                        "person__citizenship",
                        ("person", "citizenship"),
                        COUNTRIES,
                        _("Nationality"),
                        help=_("ISO country codes, separated by commas, e.g. NG"),
                    ),
                    _answer(
                        ("person", "migrant"),
                        _("Is the person a migrant in the country where they worked?"),
                    ),
                ),
            ),
            child,
        ),
    )
    smuggling = Section(
        "smuggling",
        _("Entry and the journey (Smuggling of Migrants Protocol)"),
        (
            Question(
                "movement__entry",
                ("movement", "entry"),
                CHOICE,
                _("Did the person enter meeting the requirements for legal entry?"),
                choices=(
                    UNKNOWN_CHOICE,
                    ("regular", _("Yes, a regular entry")),
                    ("irregular", _("No, an irregular entry")),
                ),
            ),
            _answer(
                ("movement", "entry_procured_by_another"),
                _("Did someone else arrange the entry?"),
            ),
            _answer(
                ("movement", "benefit_to_facilitator"),
                _("Did whoever arranged it get money or another material benefit?"),
            ),
            Question(
                "movement__paid_by",
                ("movement", "paid_by"),
                CHOICE,
                _("Who paid for the journey?"),
                choices=(
                    UNKNOWN_CHOICE,
                    ("self", _("The person")),
                    ("family", _("The family")),
                    ("recruiter", _("A recruiter")),
                    ("employer", _("An employer")),
                    ("smuggler", _("A smuggler")),
                    ("other", _("Someone else")),
                ),
            ),
            *_money(("movement", "amount_paid"), _("Amount paid for the journey"), period=False),
            _answer(
                ("movement", "danger_to_life_or_safety"),
                _("Was the person's life or safety endangered on the way?"),
            ),
            _answer(
                ("movement", "inhuman_or_degrading_treatment"),
                _("Was the person treated in an inhuman or degrading way on the way?"),
            ),
            _answer(
                ("movement", "organised_criminal_group"),
                _("Was an organised criminal group involved?"),
                help=_("Not needed to identify a victim."),
            ),
        ),
        show_if_any=(("in", "movement__crossed_border", ("yes",)),),
        condition_text=_("Asked when the person crossed a border."),
    )
    movement = Group(
        "movement",
        _("Movement"),
        "Smuggling of Migrants Protocol, Art. 3 and 6(3)",
        (
            Section(
                "border",
                _("Borders"),
                (
                    _answer(
                        ("movement", "crossed_border"),
                        _("Did the person cross an international border?"),
                        help=_("Movement is not needed to identify a victim of trafficking."),
                    ),
                    Question(
                        "movement__origin_country",
                        ("movement", "origin_country"),
                        COUNTRY,
                        _("Country of origin"),
                    ),
                ),
            ),
            smuggling,
        ),
    )
    act_questions = {
        "recruitment": _("Was the person recruited by someone?"),
        "transportation": _("Was the person transported by someone?"),
        "transfer": _("Was the person transferred (handed over) to someone?"),
        "harbouring": _("Was the person harboured (housed or kept) by someone?"),
        "receipt": _("Was the person received by someone on arrival?"),
    }
    acts = Group(
        "acts",
        _("Acts"),
        protocol + "(a)",
        (
            Section(
                "acts",
                _("What was done to the person"),
                tuple(_answer(("acts", key), act_questions.get(key, key)) for key in rules.acts),
            ),
        ),
    )
    means = Group(
        "means",
        _("Means"),
        protocol + "(a)-(b)",
        (
            Section(
                "means",
                _("How it was done"),
                tuple(
                    _answer(("means", key), _(label[0].capitalize()))
                    for key, label in rules.means.items()
                ),
            ),
        ),
    )
    purposes = Group(
        "purposes",
        _("Purpose"),
        protocol + "(a)",
        (
            Section(
                "purposes",
                _("What the person was made, or meant, to do"),
                tuple(
                    _answer(("purposes", key), _(label[:1].upper() + label[1:]))
                    for key, label in rules.purposes.items()
                ),
            ),
        ),
    )

    def dimension(key: str) -> Section:
        questions = []
        for ident in rules.dimension_indicators[key]:
            indicator = rules.indicators[ident]
            tag = _(rules.ilo11[indicator.ilo11]) if indicator.ilo11 else ""
            questions.append(_answer(("indicators", ident), _(indicator.label), tag=tag))
        title = format_lazy("{} · {}", key, _(rules.dimensions[key].name))
        return Section(key, title, tuple(questions))

    dimensions = Group(
        "dimensions",
        _("ILO/EC indicators: recruitment and vulnerability"),
        "ILO/EC operational indicators of trafficking in human beings (2009)",
        tuple(dimension(key) for key in ("D1", "D2", "D3", "D6")),
    )
    forced = Group(
        "forced_labour",
        _("Forced-labour indicators: conditions and coercion at work"),
        "ILO indicators of forced labour (2012); ILO/EC 2009, D4 and D5",
        tuple(dimension(key) for key in ("D5", "D4")),
    )
    pay = Section(
        "pay",
        _("Pay, hours and debts"),
        (
            Question(
                "work__sector",
                ("work", "sector"),
                CHOICE,
                _("Sector"),
                choices=(
                    UNKNOWN_CHOICE,
                    ("general", _("General")),
                    ("domestic_work", _("Domestic work")),
                    ("agriculture", _("Agriculture")),
                    ("construction", _("Construction")),
                    ("manufacturing", _("Manufacturing")),
                    ("hospitality", _("Hospitality")),
                    ("fishing", _("Fishing")),
                    ("other", _("Other")),
                ),
            ),
            *_money(("work", "wage_promised"), _("Pay promised"), period=True),
            *_money(("work", "wage_paid"), _("Pay received"), period=True),
            Question(
                field_name(("work", "deductions", "amount")),
                ("work", "deductions", "amount"),
                NUMBER,
                _("Deductions from pay"),
                help=_("In the currency and period of the pay received."),
            ),
            _answer(("work", "wages_withheld"), _("Were wages withheld or left unpaid?")),
            Question(
                "work__hours_per_day",
                ("work", "hours_per_day"),
                NUMBER,
                _("Hours worked per day"),
            ),
            Question(
                "work__days_per_week",
                ("work", "days_per_week"),
                NUMBER,
                _("Days worked per week"),
            ),
            Question(
                "work__weekly_rest_days",
                ("work", "weekly_rest_days"),
                NUMBER,
                _("Rest days per week"),
            ),
            Question(
                "work__hours_per_week",
                ("work", "hours_per_week"),
                NUMBER,
                _("Hours worked per week"),
                help=_("When the hours per day are not known."),
            ),
            *_money(("work", "recruitment_fees"), _("Recruitment fees paid"), period=False),
            *_money(("work", "debt", "amount"), _("Debt owed"), period=False),
            Question(
                "work__debt__owed_to",
                ("work", "debt", "owed_to"),
                CHOICE,
                _("Debt owed to"),
                choices=(
                    UNKNOWN_CHOICE,
                    ("employer", _("The employer")),
                    ("recruiter", _("A recruiter")),
                    ("smuggler", _("A smuggler")),
                    ("family", _("The family")),
                    ("other", _("Someone else")),
                ),
            ),
            _answer(
                ("work", "debt", "tied_to_work"), _("Does the debt tie the person to the work?")
            ),
            *_money(("law", "minimum_wage"), _("Legal minimum wage, if you know it"), period=True),
            Question(
                field_name(("law", "minimum_wage", "source", "title")),
                ("law", "minimum_wage", "source", "title"),
                TEXT,
                _("Source of that minimum wage (the law or official table)"),
                help=_("Required when you give a minimum wage."),
            ),
            Question(
                field_name(("law", "working_time", "max_hours_per_week")),
                ("law", "working_time", "max_hours_per_week"),
                NUMBER,
                _("Legal maximum of working hours per week, if you know it"),
            ),
            Question(
                field_name(("law", "working_time", "source", "title")),
                ("law", "working_time", "source", "title"),
                TEXT,
                _("Source of that maximum (the law)"),
                help=_("Required when you give a maximum."),
            ),
        ),
        show_if_any=(("in", INTERVIEW_ONLY_WORKED, ("yes",)),),
        condition_text=_("Asked when the person worked."),
    )
    work = Group(
        "work",
        _("Work and pay"),
        "needsfirst objective exploitation tests; minimum wages of the jurisdiction",
        (
            Section(
                "worked",
                _("Work"),
                (
                    Question(
                        INTERVIEW_ONLY_WORKED,
                        (),
                        ANSWER,
                        _("Did the person work (paid or not)?"),
                    ),
                ),
            ),
            pay,
        ),
    )
    documents = Group(
        "documents",
        _("Documents"),
        "ILO indicators of forced labour: retention of identity documents",
        (
            Section(
                "documents",
                _("Identity and travel documents"),
                (
                    Question(
                        "work__documents_held_by",
                        ("work", "documents_held_by"),
                        CHOICE,
                        _("Who holds the person's identity documents?"),
                        choices=(
                            UNKNOWN_CHOICE,
                            ("self", _("The person")),
                            ("employer", _("The employer")),
                            ("recruiter", _("A recruiter")),
                            ("other", _("Someone else")),
                        ),
                    ),
                    _answer(
                        ("indicators", "unodc.general.false_documents"),
                        _("Does the person have false identity or travel documents?"),
                    ),
                ),
            ),
        ),
    )
    own_view = Group(
        "own_view",
        _("The person's own view"),
        "UN Trafficking Protocol, Art. 3(b); ILO survey definition of forced labour",
        (
            Section(
                "own_view",
                _("In the person's words"),
                (
                    _answer(
                        ("own_view", "agreed_to_conditions"),
                        _("Did the person agree to these conditions?"),
                        help=_("Recorded; consent never cancels a means or an objective finding."),
                    ),
                    _answer(
                        ("own_view", "free_to_leave"), _("Could the person leave if they wished?")
                    ),
                    Question(
                        "own_view__note",
                        ("own_view", "note"),
                        TEXT,
                        _("What the person says about it"),
                    ),
                ),
            ),
        ),
    )
    return (person, movement, acts, means, purposes, dimensions, forced, work, documents, own_view)


@cache
def questions_by_name() -> Mapping[str, Question]:
    return {
        question.name: question
        for group in groups()
        for section in group.sections
        for question in section.questions
    }


@cache
def section_of() -> Mapping[str, Section]:
    return {
        question.name: section
        for group in groups()
        for section in group.sections
        for question in section.questions
    }


@cache
def questions_by_path() -> Mapping[str, Question]:
    return {q.dotted: q for q in questions_by_name().values() if q.path}


def clause_holds(clause: Clause, values: Mapping[str, Any]) -> bool:
    """One clause of skip logic, against cleaned form values (mirrored in interview.js)."""
    kind, name = clause[0], clause[1]
    value = values.get(name)
    if kind == "in":
        return value in clause[2]
    if kind == "empty":
        return value is None or value == ""
    if kind == "under":
        try:
            return value is not None and value != "" and float(value) < float(clause[2])
        except (TypeError, ValueError):
            return False
    raise ValueError(f"unknown clause {kind!r}")


def section_shown(section: Section, values: Mapping[str, Any]) -> bool:
    return not section.show_if_any or any(
        clause_holds(clause, values) for clause in section.show_if_any
    )
