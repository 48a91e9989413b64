"""People, their cases, and the consents they gave.

Field names follow HTCDS 2.0 one to one (see `HTCDS_FIELDS`), so that exchange is lossless.
Direct identifiers and free text are encrypted at rest; names are found through a blind index.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from needsfirst.protect.names import clean_name
from needsfirst.web.common.fields import EncryptedCharField, EncryptedDateField, EncryptedTextField


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    INTERSEX = "intersex", _("Intersex")
    UNKNOWN = "unknown", _("Unknown")


class Gender(models.TextChoices):
    """HTCDS 2.0 `prs_Gender`."""

    FEMININE = "Feminine", _("Woman or girl")
    MASCULINE = "Masculine", _("Man or boy")
    TRANSGENDER_FEMININE = "TransgenderFeminine", _("Transgender woman or girl")
    TRANSGENDER_MASCULINE = "TransgenderMasculine", _("Transgender man or boy")
    NON_CONFORMING = "NonConforming", _("Gender non-conforming")
    UNKNOWN = "NonSpecifiedUnknown", _("Not specified or unknown")


NAME_FIELDS = ("first_name", "middle_name", "second_name")


class Person(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="people"
    )
    first_name = EncryptedCharField(_("first name"), blank=True)
    middle_name = EncryptedCharField(_("middle name"), blank=True)
    second_name = EncryptedCharField(_("family name"), blank=True)
    birthdate = EncryptedDateField(_("date of birth"), null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(_("estimated age"), null=True, blank=True)
    estimated_age_on = models.DateField(_("age estimated on"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField(
        _("gender"), max_length=24, choices=Gender.choices, default=Gender.UNKNOWN
    )
    citizenship = models.JSONField(_("nationality"), default=list, blank=True)
    primary_language = models.CharField(_("main language"), max_length=3, blank=True)
    secondary_language = models.CharField(_("other language"), max_length=3, blank=True)
    email = EncryptedCharField(_("email"), blank=True)
    mobile_phone = EncryptedCharField(_("mobile phone"), blank=True)
    home_phone = EncryptedCharField(_("other phone"), blank=True)
    mailing_street = EncryptedCharField(_("address"), blank=True)
    mailing_city = EncryptedCharField(_("city"), blank=True)
    mailing_country = models.CharField(_("country of address"), max_length=2, blank=True)
    identity_number = EncryptedCharField(_("identity number"), blank=True)
    safe_contact = EncryptedTextField(_("how to contact safely"), blank=True)
    version = models.PositiveIntegerField(default=1)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # Set when a person decided (duplicate review) that this record is another person's: the
    # record stays, its cases moved, and it no longer comes up in a name search. Cleared when
    # the merge is undone.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def clean(self) -> None:
        # Invisible and reordering characters never reach the store, the index or a PDF.
        for name in NAME_FIELDS:
            setattr(self, name, clean_name(getattr(self, name) or ""))

    def display_name(self) -> str:
        parts = [self.first_name, self.middle_name, self.second_name]
        return " ".join(part for part in parts if part) or str(_("(no name given)"))

    def __str__(self) -> str:
        return f"person {self.uuid}"


class NameKind(models.TextChoices):
    ALIAS = "alias", _("Alias or name used")
    TRANSLITERATION = "transliteration", _("Spelling in another script")
    PREVIOUS = "previous", _("Previous name")


class PersonName(models.Model):
    """An alias or another spelling of the person's name."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    kind = models.CharField(_("kind"), max_length=20, choices=NameKind.choices)
    value = EncryptedCharField(_("name"))


class NameToken(models.Model):
    """Blind index: keyed tokens of the person's normalised and phonetic names, never the names."""

    # No single-column indexes on the two keys: the unique (person, token) index serves the
    # look-ups by person and the (organisation, token, person) index those by organisation, and
    # each index less is one write less per token (about 25 tokens a person).
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="name_tokens", db_index=False
    )
    # The person's organisation, repeated here so a search is one index range per token.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    token = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "token"], name="unique_person_token")
        ]
        indexes = [models.Index(fields=["organisation", "token", "person"])]


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    NATIONAL_ID = "national_id", _("National identity card")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    WORK_PERMIT = "work_permit", _("Work permit")
    VISA = "visa", _("Visa")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    TRAVEL_DOCUMENT = "travel_document", _("Other travel document")
    OTHER = "other", _("Other document")


class DocumentHolder(models.TextChoices):
    PERSON = "person", _("The person")
    EMPLOYER = "employer", _("An employer")
    RECRUITER = "recruiter", _("A recruiter or agent")
    AUTHORITIES = "authorities", _("The authorities")
    OTHER = "other", _("Someone else")
    UNKNOWN = "unknown", _("Unknown")


class IdentityDocument(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    type = models.CharField(_("document type"), max_length=24, choices=DocumentType.choices)
    number = EncryptedCharField(_("document number"), blank=True)
    issuing_country = models.CharField(_("issuing country"), max_length=2, blank=True)
    held_by = models.CharField(
        _("who holds it now"),
        max_length=16,
        choices=DocumentHolder.choices,
        default=DocumentHolder.UNKNOWN,
    )
    recorded_at = models.DateTimeField(auto_now_add=True)


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SCREENING = "screening", _("Screening")
    ASSISTANCE = "assistance", _("Assistance")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class ClosureCode(models.TextChoices):
    """Why needsfirst itself closed a case: stored as a code, said in the reader's language
    (a caseworker's own reason stays in `closure_reason`, in the words typed)."""

    HANDED_OVER = "handed_over", _("Handed over to another organisation.")


# HTCDS 2.0 `cas_Status` has four values; ours are finer and map onto them.
HTCDS_CASE_STATUS = {
    CaseStatus.OPEN: "Active",
    CaseStatus.SCREENING: "Active",
    CaseStatus.ASSISTANCE: "Active",
    CaseStatus.REOPENED: "Active",
    CaseStatus.FOLLOW_UP: "FollowUp",
    CaseStatus.CLOSED: "Closed",
}

CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.SCREENING, CaseStatus.ASSISTANCE, CaseStatus.CLOSED}),
    CaseStatus.SCREENING: frozenset({CaseStatus.ASSISTANCE, CaseStatus.CLOSED}),
    CaseStatus.ASSISTANCE: frozenset(
        {CaseStatus.SCREENING, CaseStatus.FOLLOW_UP, CaseStatus.CLOSED}
    ),
    CaseStatus.FOLLOW_UP: frozenset({CaseStatus.ASSISTANCE, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.REOPENED}),
    CaseStatus.REOPENED: frozenset(
        {CaseStatus.SCREENING, CaseStatus.ASSISTANCE, CaseStatus.FOLLOW_UP, CaseStatus.CLOSED}
    ),
}


class Case(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=24, unique=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    assigned_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned caseworker"),
    )
    closure_reason = EncryptedTextField(_("reason for closure"), blank=True)
    closure_code = models.CharField(
        max_length=16, choices=ClosureCode.choices, blank=True, editable=False
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Set when a hand-over of this case was accepted: the receiving organisation holds the person
    # now, and this case stays as the sending organisation's history, closed and read-only.
    handed_over_at = models.DateTimeField(_("handed over"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            # The case list's pages (keyset pagination, common/keyset.py): all cases, one
            # status, and "my cases", each newest first.
            models.Index(fields=["organisation", "-opened_at", "-id"]),
            models.Index(fields=["organisation", "status", "-opened_at", "-id"]),
            models.Index(fields=["assigned_caseworker", "-opened_at", "-id"]),
            models.Index(fields=["assigned_caseworker", "status"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def closure_said(self) -> str:
        """The reason for closure in the reader's language: a caseworker's own words as typed,
        or the sentence for the code where needsfirst closed the case."""
        if self.closure_code != ClosureCode.HANDED_OVER:
            return self.closure_reason
        # The accepted hand-over names where the case went and when (the handover app's
        # records, reached through their relation: this app imports nothing above it).
        accepted = self.handovers_out.filter(status="accepted").select_related("recipient").first()
        if accepted is None or accepted.accepted_on is None:
            return str(ClosureCode.HANDED_OVER.label)
        return gettext("Handed over to %(recipient)s on %(day)s.") % {
            "recipient": accepted.recipient.name,
            "day": date_format(accepted.accepted_on),
        }


class CaseNote(models.Model):
    """HTCDS `cco_CaseComment`: a dated note, encrypted at rest."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    body = EncryptedTextField(_("note"))
    note_date = models.DateField(_("date"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-note_date", "-written_at"]


class EventType(models.TextChoices):
    """HTCDS 2.0 `hte_Type`."""

    RECRUITMENT = "Recruitment", _("Recruitment")
    TRANSIT = "Transit", _("Transit")
    EXPLOITATION = "Exploitation", _("Exploitation")


class CaseEvent(models.Model):
    """HTCDS 2.0 historic trafficking event: what happened, where and when."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("type of event"), max_length=16, choices=EventType.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    date_is_approximate = models.BooleanField(_("date is approximate"), default=False)
    country = models.CharField(_("country"), max_length=2, blank=True)
    state = models.CharField(_("region"), max_length=100, blank=True)
    city = models.CharField(_("city or place"), max_length=100, blank=True)
    street = EncryptedCharField(_("street or exact place"), blank=True)
    description = EncryptedTextField(_("what happened"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "recorded_at"]


class ConsentKind(models.TextChoices):
    ASSISTANCE = "assistance", _("Assistance")
    DATA_SHARING = "data_sharing", _("Sharing data")
    CONTACT = "contact", _("Being contacted")


class SharingPurpose(models.TextChoices):
    REFERRAL = "referral", _("Referral for services")
    LEGAL_PROCEEDINGS = "legal", _("Legal advice and proceedings")
    LAW_ENFORCEMENT = "law_enforcement", _("Police or prosecution")
    IMMIGRATION = "immigration", _("Immigration procedures")
    STATISTICS = "statistics", _("Anonymised statistics")
    # Hand-over of the case to an organisation (often in another country) that will hold it.
    TRANSFER = "transfer", _("Hand-over of the case to another organisation")
    # After a hand-over: the follow-up visits seen back by the organisation that sent the case.
    FOLLOW_UP_BACK = "follow_up_back", _("Share follow-up with the sending organisation")


class ConsentMethod(models.TextChoices):
    VERBAL = "verbal", _("Spoken, with an interpreter if needed")
    WRITTEN = "written", _("Written and signed")
    GUARDIAN = "guardian", _("By a guardian for a child")


class Consent(models.Model):
    """A dated decision of the person; withdrawal is recorded, never deleted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("consent to"), max_length=16, choices=ConsentKind.choices)
    granted = models.BooleanField(_("given"), help_text=_("Untick if the person declined."))
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=SharingPurpose.choices, blank=True
    )
    recipient = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient organisation"),
    )
    # An outside provider (a directory entry with no organisation in needsfirst) named instead
    # of an organisation: its directory id and its name as the person was told it.
    recipient_service = models.UUIDField(_("outside service"), null=True, blank=True)
    recipient_service_name = models.CharField(max_length=200, blank=True)
    method = models.CharField(_("how"), max_length=12, choices=ConsentMethod.choices)
    decided_on = models.DateField(_("date of the decision"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-decided_on", "-recorded_at"]

    @property
    def in_force(self) -> bool:
        return self.granted and self.withdrawn_on is None

    @property
    def recipient_label(self) -> str:
        if self.recipient_id is not None:
            return str(self.recipient.name)  # type: ignore[union-attr]
        return self.recipient_service_name


class CaseShareSection(models.TextChoices):
    IDENTITY = "identity", _("Name and identity")
    CONTACT = "contact", _("Contact details")
    DOCUMENTS = "documents", _("Documents")
    EVENTS = "events", _("Timeline of events")
    NOTES = "notes", _("Notes")
    # what other apps keep about the case, shared by a referral (e.g. to legal aid)
    SCREENING = "screening", _("Screening result")
    CLAIM = "claim", _("Wage claim")


class CaseShare(models.Model):
    """Another organisation's access to one case, resting on a data-sharing consent.

    Created by the referral workflow; access ends the day the consent is withdrawn.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="shared_cases"
    )
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="shares")
    sections = models.JSONField(default=list)
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)


HTCDS_FIELDS = {
    "first_name": "prs_FirstName",
    "middle_name": "prs_MiddleName",
    "second_name": "prs_SecondName",
    "birthdate": "prs_Birthdate",
    "gender": "prs_Gender",
    "primary_language": "prs_PrimaryLanguage",
    "secondary_language": "prs_SecondaryLanguage",
    "citizenship": "prs_Citizenship",
    "identity_number": "prs_IdentityNumber",
    "email": "prs_Email",
    "home_phone": "prs_HomePhone",
    "mobile_phone": "prs_MobilePhone",
    "mailing_city": "prs_MailingCity",
    "mailing_country": "prs_MailingCountry",
    "mailing_street": "prs_MailingStreet",
    "case.status": "cas_Status",
    "case.closure_reason": "cas_ReasonForCaseClosure",
    "case.assigned_caseworker": "cas_CaseOwner",
    "note.body": "cco_CaseComment",
    "event.type": "hte_Type",
    "event.date": "hte_Date",
    "event.country": "hte_Country",
    "event.state": "hte_State",
    "event.city": "hte_City",
    "event.street": "hte_Street",
    "event.description": "hte_Description",
    "consent.granted": "con_Consent",
}
