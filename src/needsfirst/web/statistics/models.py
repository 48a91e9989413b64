"""What the statistics count: one row of coarse categories per case, nothing that names anyone.

Built from the cases, screenings, plans and referrals by `refresh.refresh_case_facts` (each
night, and for one case when its consents change), so that the dashboard aggregates one table
with GROUP BY instead of decrypting screenings at request time. The categories are the ones a
published table shows anyway (age band, nationality, type of exploitation...); the link to the
case is only there to refresh the row and is never shown or exported.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseFacts(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="facts")
    # Whether the person's consent allows statistical use (a data-sharing consent for the
    # purpose "statistics", given and not withdrawn). Only these rows are ever counted.
    statistical_use = models.BooleanField(default=False)
    opened_month = models.DateField()  # first day of the month the case was opened
    year_registered = models.PositiveSmallIntegerField()
    exploitation = models.CharField(max_length=40, blank=True)  # main type; "Several"; "" unknown
    sector = models.CharField(max_length=24, blank=True)
    nationality = models.CharField(max_length=2, blank=True)
    route = models.CharField(max_length=5, blank=True)  # "NP-QA": origin and exploitation
    age_band = models.CharField(max_length=8, blank=True)  # CTDC ageBroad, "" unknown
    gender = models.CharField(max_length=24, blank=True)
    identification = models.CharField(max_length=40, blank=True)
    days_to_assistance = models.PositiveIntegerField(null=True, blank=True)
    # Sets, written ",a,b,": the states of the case's needs, the outcomes of its referrals
    # ("pending" before one), and how far its claims went (filed, decided, recovered).
    needs = models.CharField(max_length=120, blank=True)
    referral_outcomes = models.CharField(max_length=160, blank=True)
    claims = models.CharField(max_length=40, blank=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # every dashboard query filters on consent first; the month leads the series
            models.Index(fields=["statistical_use", "opened_month"], name="stat_use_month"),
        ]


class ReleaseKind(models.TextChoices):
    CTDC = "ctdc", _("Case records in the CTDC layout, k-anonymous")
    DP_COUNTS = "dp_counts", _("Counts with differential privacy")


class PartnerRelease(models.Model):
    """A release produced for partners: its parameters, what was lost, the privacy statement
    and the file. The file holds no row that identifies anyone (k-anonymous or noisy counts)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=12, choices=ReleaseKind.choices)
    parameters = models.JSONField(default=dict)
    report = models.JSONField(default=dict)
    statement = models.TextField()
    content = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class PrivacyBudget(models.Model):
    """The total epsilon (and delta) that DP releases may spend on an organisation's people in
    a period of days (basic sequential composition: `needsfirst.release.budget`). Without a
    row, the settings' default applies (`NEEDSFIRST_PRIVACY_BUDGET_EPSILON`, `..._PERIOD_DAYS`).
    Set by the organisation's administrator on the privacy budget page, or with
    `manage.py privacy_budget`; never below what the ledger spent in the period."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="privacy_budget"
    )
    epsilon = models.FloatField()
    delta = models.FloatField(default=0.0)
    period_days = models.PositiveIntegerField(default=365)
    updated_at = models.DateTimeField(auto_now=True)


class PrivacySpend(models.Model):
    """The privacy ledger: one row per organisation whose people a DP release counted. A
    release over several organisations' cases spends on each of them."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    dataset = models.CharField(max_length=40)  # the set of people: "consented-cases"
    release = models.ForeignKey(
        PartnerRelease, on_delete=models.PROTECT, related_name="privacy_spends"
    )
    epsilon = models.FloatField()
    delta = models.FloatField(default=0.0)
    contribution_bound = models.PositiveSmallIntegerField()
    mechanism = models.CharField(max_length=80)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField()

    class Meta:
        ordering = ["-released_at", "-id"]
        indexes = [
            models.Index(
                fields=["organisation", "dataset", "released_at"], name="privacy_spend_period"
            )
        ]


class ReleaseLogEntry(models.Model):
    """The release log: one row per organisation whose cases a release counted, whatever its
    kind, so that an organisation sees everything released from its people. A k-anonymous
    release spends no epsilon (0 here): its protection is k, not noise, and it is not in the
    privacy ledger (`PrivacySpend`), which holds DP releases only."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    release = models.ForeignKey(PartnerRelease, on_delete=models.PROTECT, related_name="log")
    kind = models.CharField(max_length=12, choices=ReleaseKind.choices)
    epsilon = models.FloatField(default=0.0)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField()

    class Meta:
        ordering = ["-released_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-released_at"], name="release_log_org")]


class StatisticsCount(models.Model):
    """One-way counts of the counted cases, per dimension and value: what the dashboard reads.

    Rebuilt with one GROUP BY per dimension after each refresh of `CaseFacts`, and moved by one
    when a consent to statistics is given or withdrawn, so that the dashboard reads a few
    hundred rows instead of scanning a million. Dimension "" holds the total.
    """

    dimension = models.CharField(max_length=24)
    value = models.CharField(max_length=40, blank=True)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dimension", "value"], name="stat_count_unique")
        ]
