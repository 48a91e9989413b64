"""Needs assessments, assistance plans, reflection periods, cooperation records, notifications.

What describes the person (the answers of an assessment, the text and reasons of plan actions,
the cooperation note) is encrypted at rest. Domains, urgencies, statuses and dates stay in clear:
the team page and the reminders query them, as statuses and dates of cases are (docs/security.md).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from needsfirst.needs import ActionStatus, Category, CooperationStatus, Domain, Role, Urgency
from needsfirst.needs import SupportPlanType as CoreSupportPlanType
from needsfirst.web.common.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField

# Choices from the core's vocabularies: the core owns the values, the web layer the labels.
DOMAIN_LABELS = {
    Domain.SAFETY: _("Immediate safety and risk"),
    Domain.SHELTER: _("Shelter"),
    Domain.FOOD_AND_MATERIAL: _("Food and material needs"),
    Domain.MEDICAL_URGENT: _("Urgent medical care"),
    Domain.MEDICAL_NON_URGENT: _("Other health care"),
    Domain.PSYCHOLOGICAL: _("Psychological support"),
    Domain.LEGAL: _("Legal needs"),
    Domain.INTERPRETATION: _("Interpretation"),
    Domain.FAMILY_AND_SOCIAL: _("Family and social contact"),
    Domain.CHILD_PROTECTION: _("Children's protection"),
    Domain.WORK_AND_INCOME: _("Work and income"),
    Domain.RETURN_OR_INTEGRATION: _("Return, reintegration or local integration"),
}
ROLE_LABELS = {
    Role.CASEWORKER: _("Caseworker"),
    Role.INTERPRETER: _("Interpreter"),
    Role.SHELTER_PROVIDER: _("Shelter provider"),
    Role.HEALTH_PROFESSIONAL: _("Health professional"),
    Role.MENTAL_HEALTH_PROFESSIONAL: _("Mental health professional"),
    Role.LAWYER: _("Lawyer"),
    Role.CHILD_PROTECTION_SERVICE: _("Child protection service"),
    Role.GUARDIAN: _("Guardian"),
    Role.EMPLOYMENT_SERVICE: _("Employment service"),
    Role.RETURN_PROGRAMME: _("Return programme"),
}
URGENCY_LABELS = {
    Urgency.NOW: _("Now"),
    Urgency.WITHIN_24_HOURS: _("Within 24 hours"),
    Urgency.WITHIN_A_WEEK: _("Within a week"),
    Urgency.PLANNED: _("Planned"),
}
STATUS_LABELS = {
    ActionStatus.TO_DO: _("To do"),
    ActionStatus.IN_PROGRESS: _("In progress"),
    ActionStatus.DONE: _("Done"),
    ActionStatus.DECLINED_BY_PERSON: _("Declined by the person"),
    ActionStatus.NOT_NEEDED: _("Not needed"),
}
CATEGORY_LABELS = {
    Category.ANY_MIGRANT: _("Any migrant, whatever the label"),
    Category.PRESUMED_VICTIM: _("Presumed victim (reasonable grounds)"),
    Category.IDENTIFIED_VICTIM: _("Identified victim"),
}
COOPERATION_LABELS = {
    CooperationStatus.NOT_DISCUSSED: _("Not discussed"),
    CooperationStatus.UNDECIDED: _("Undecided"),
    CooperationStatus.DECLINED: _("Declined"),
    CooperationStatus.COOPERATING: _("Cooperating"),
    CooperationStatus.WITHDRAWN: _("Withdrawn"),
}

# HTCDS 2.0 spl_Type in words. The model's choices keep the standard's keys (the stored values);
# forms and pages show these labels.
SUPPORT_PLAN_TYPE_LABELS: dict[str, Any] = {
    CoreSupportPlanType.EDUCATION: _("Education"),
    CoreSupportPlanType.FINANCIAL: _("Financial support"),
    CoreSupportPlanType.HEALTH: _("Health"),
    CoreSupportPlanType.LABOUR_EXPLOITATION_REHABILITATION: _("Recovery after labour exploitation"),
    CoreSupportPlanType.LEGAL: _("Legal support"),
    CoreSupportPlanType.LIVELIHOOD: _("Livelihood"),
    CoreSupportPlanType.RIGHTS_BASED_TRAINING: _("Training on rights"),
    CoreSupportPlanType.SEXUAL_EXPLOITATION_REHABILITATION: _("Recovery after sexual exploitation"),
    CoreSupportPlanType.SOCIAL_CARE: _("Social care"),
}

DOMAIN_CHOICES = [(d.value, DOMAIN_LABELS[d]) for d in Domain]
ROLE_CHOICES = [(r.value, ROLE_LABELS[r]) for r in Role]
URGENCY_CHOICES = [(int(u), URGENCY_LABELS[u]) for u in sorted(Urgency, reverse=True)]
STATUS_CHOICES = [(s.value, STATUS_LABELS[s]) for s in ActionStatus]
CATEGORY_CHOICES = [(c.key, CATEGORY_LABELS[c]) for c in Category]
COOPERATION_CHOICES = [(s.value, COOPERATION_LABELS[s]) for s in CooperationStatus]
SUPPORT_PLAN_TYPE_CHOICES = [(t.value, t.value) for t in CoreSupportPlanType]
OPEN_STATUSES = [s.value for s in ActionStatus if s.is_open]


class CategoryBasis(models.TextChoices):
    CASEWORKER = "caseworker", _("chosen by the caseworker")
    AUTHORITY = "authority", _("from the recorded decision of the competent authority")


class NeedsAssessment(models.Model):
    """One assessment of a case's needs: the answers, the day, the law it was read under."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="needs_assessments"
    )
    # Each answer says something about the person (a threat, an injury): encrypted.
    answers = EncryptedJSONField(_("answers"), default=dict)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    jurisdiction = models.CharField(_("jurisdiction"), max_length=8)
    category = models.CharField(
        _("category for entitlements"),
        max_length=20,
        choices=CATEGORY_CHOICES,
        default=Category.ANY_MIGRANT.key,
    )
    version = models.PositiveIntegerField(_("assessment number"), default=1)
    rules_version = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="one_assessment_number")
        ]

    def __str__(self) -> str:
        return f"assessment {self.uuid}"


class PlanItem(models.Model):
    """One action of the assistance plan: the need, what to do, who, by when, its status."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="plan_items")
    assessment = models.ForeignKey(
        NeedsAssessment, on_delete=models.CASCADE, null=True, blank=True, related_name="items"
    )
    # The core's action id (or custom-N). Encrypted: ids such as "sexual-violence-care" would
    # tell what happened to the person; a case has few items, so matching happens in memory.
    key = EncryptedCharField(max_length=60)
    origin = models.CharField(max_length=12, default="triage")  # "triage" or "caseworker"
    domain = models.CharField(_("need"), max_length=32, choices=DOMAIN_CHOICES)
    action = EncryptedTextField(_("action"))
    role = models.CharField(_("who does it"), max_length=32, choices=ROLE_CHOICES)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible staff member"),
    )
    due_on = models.DateField(_("by when"))
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=URGENCY_CHOICES)
    status = models.CharField(
        _("status"), max_length=20, choices=STATUS_CHOICES, default=ActionStatus.TO_DO.value
    )
    support_plan_type = models.CharField(
        _("HTCDS support plan type"), max_length=40, choices=SUPPORT_PLAN_TYPE_CHOICES
    )
    # Rule, facts behind it, urgency and source of each reason: the facts describe the person.
    reasons = EncryptedJSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "-urgency", "id"]
        indexes = [
            models.Index(fields=["case", "status", "due_on"]),
            # The team page: an organisation's open actions, the earliest due first.
            models.Index(fields=["status", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"plan item {self.uuid}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReflectionPeriod(models.Model):
    """A recovery and reflection period, computed by the core from the jurisdiction's law."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="reflection_periods"
    )
    jurisdiction = models.CharField(_("jurisdiction"), max_length=8)
    variant = models.CharField(_("variant"), max_length=32, default="default")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("last day"))
    open_ended = models.BooleanField(default=False)
    decision_on = models.DateField(_("date of the status decision"), null=True, blank=True)
    title = models.CharField(max_length=200)
    length = models.CharField(max_length=60)
    length_is = models.CharField(max_length=12)
    basis = models.CharField(max_length=16)
    source = models.CharField(max_length=400)
    source_url = models.CharField(max_length=400, blank=True)
    effective_from = models.DateField()
    notes = models.JSONField(default=list)
    reminder_dates = models.JSONField(default=list)
    # Stated on every row and held by a database constraint: the period never depends on
    # cooperation with the police (CoE Convention Art. 12(6), 13; Directive 2011/36/EU Art. 11(3)).
    conditional_on_cooperation = models.BooleanField(default=False, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(conditional_on_cooperation=False),
                name="reflection_period_never_conditional_on_cooperation",
            )
        ]

    def __str__(self) -> str:
        return f"reflection period {self.uuid}"


class CooperationRecord(models.Model):
    """The person's choice about cooperating with the police: recorded apart, read by nothing."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="cooperation_records"
    )
    status = models.CharField(_("cooperation"), max_length=16, choices=COOPERATION_CHOICES)
    recorded_on = models.DateField(_("date"))
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_on", "-created_at"]

    def __str__(self) -> str:
        return f"cooperation record {self.uuid}"


class NotificationKind(models.TextChoices):
    TASK_DUE = "task_due", _("A plan action is due")
    REFLECTION_ENDING = "reflection_ending", _("A reflection period is ending")
    REFERRAL_ANSWER = "referral_answer", _("A referral was answered")
    REFERRAL_TASK = "referral_task", _("A referral follow-up is due")
    CLAIM_DEADLINE = "claim_deadline", _("A claim deadline or hearing is near")
    SANCTION_DUE = "sanction_due", _("A fine or back-pay order is due or unpaid")
    ACCOUNT_SECURITY = "account_security", _("The security of your account changed")


# Notification texts are looked up from codes at display time, so they show in the reader's
# language; parameters hold case references and dates only, never personal data.
NOTIFICATION_TEXTS = {
    "task_due": _("A plan action of case %(reference)s is due on %(due)s."),
    "task_overdue": _("A plan action of case %(reference)s was due on %(due)s and is still open."),
    "reflection_ending": _(
        "The reflection period of case %(reference)s ends on %(ends)s. Plan what comes next."
    ),
    "referral_task_due": _("A referral follow-up of case %(reference)s is due on %(due)s."),
    "referral_task_overdue": _(
        "A referral follow-up of case %(reference)s was due on %(due)s and is not done."
    ),
    "claim_deadline": _(
        "The claim of case %(reference)s must be filed by %(due)s and is not filed yet."
    ),
    "claim_hearing": _("The claim of case %(reference)s has a hearing on %(due)s."),
    "fine_due": _(
        "The fine imposed at the visit of %(visited)s is due on %(due)s; %(owed)s is still owed."
    ),
    "fine_overdue": _(
        "The fine imposed at the visit of %(visited)s was due on %(due)s; %(owed)s is still owed."
    ),
    "back_pay_due": _(
        "The back-pay order of the visit of %(visited)s is due on %(due)s; "
        "%(owed)s is still owed to the workers."
    ),
    "back_pay_overdue": _(
        "The back-pay order of the visit of %(visited)s was due on %(due)s; "
        "%(owed)s is still owed to the workers."
    ),
    "handover_follow_up_due": _(
        "The %(months)s-month follow-up of case %(reference)s after its hand-over is due on "
        "%(due)s."
    ),
    "handover_follow_up_overdue": _(
        "The %(months)s-month follow-up of case %(reference)s after its hand-over was due on "
        "%(due)s and is not recorded."
    ),
    # Credential changes (accounts.signals.CredentialChange): what and when, never the secret.
    "password_changed": _(
        "The password of your account was changed on %(when)s. If you did not change it, "
        "tell your administrator now."
    ),
    "second_factor_enrolled": _(
        "An authenticator app was set up as the second step of your sign-in on %(when)s. If you "
        "did not set it up, tell your administrator now."
    ),
    "api_token_created": _(
        "An API token named %(name)s (beginning %(prefix)s) was created with your account on "
        "%(when)s. If you did not create it, revoke it and tell your administrator."
    ),
    "locked_out": _(
        "Your account was locked on %(when)s after repeated wrong passwords or codes. If this "
        "was not you, someone may be trying to sign in as you: tell your administrator."
    ),
    "unlocked": _(
        "Your account was unlocked by an administrator on %(when)s. If you did not ask for "
        "this, tell your administrator now."
    ),
    "backup_codes_regenerated": _(
        "New backup codes for your sign-in were made on %(when)s and the old ones no longer "
        "work. If you did not ask for them, tell your administrator now."
    ),
    "authenticator_replaced": _(
        "A new authenticator app replaced the old one for your sign-in on %(when)s. If you did "
        "not replace it, tell your administrator now."
    ),
    "second_factor_reset": _(
        "An administrator of your organisation removed the second step of your sign-in on "
        "%(when)s: you will set up an authenticator app at your next sign-in. If you did not "
        "ask for this, tell your administrator now."
    ),
    "referral_accepted": _("The referral of case %(reference)s was accepted."),
    "referral_declined": _("The referral of case %(reference)s was declined."),
    "referral_completed": _(
        "The referral of case %(reference)s was completed: the service was given."
    ),
}


class Notification(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    text_code = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    # One notification per user and event: running the reminders twice creates nothing new.
    dedupe_key = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["read_at", "-created_at"]
        # The unread count reads the first index; the notifications page reads a page at a time,
        # newest first, from the second (the id breaking ties).
        indexes = [
            models.Index(fields=["user", "read_at", "-created_at"]),
            models.Index(fields=["user", "-created_at", "-id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"], name="one_notification_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"notification {self.uuid}"

    @property
    def text(self) -> str:
        template = NOTIFICATION_TEXTS.get(self.text_code)
        if template is None:
            return str(self.get_kind_display())
        return str(template) % self.params

    @property
    def html(self) -> SafeString:
        """The text for a page: every value put into the sentence (a case reference, a date, an
        amount) in a <bdi>, so it keeps its own direction inside a right-to-left sentence."""
        template = NOTIFICATION_TEXTS.get(self.text_code)
        if template is None:
            return conditional_escape(self.get_kind_display())
        isolated = {key: format_html("<bdi>{}</bdi>", value) for key, value in self.params.items()}
        return mark_safe(conditional_escape(str(template)) % isolated)  # noqa: S308  (all escaped)
