"""Screenings of a case: the facts, the determinations the engine made from them, and the
competent authority's formal decision, recorded apart from any screening.

Facts and results are encrypted at rest: evidence notes are free text about the person, and
a result quotes the facts. Only the label ids stay in clear, for statistics.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from needsfirst.web.common.fields import EncryptedJSONField


class Screening(models.Model):
    """The current facts of one case's screening; every change adds a Determination."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="screening")
    facts = EncryptedJSONField(_("facts"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"screening {self.uuid}"


class Determination(models.Model):
    """What the engine concluded from the facts at one moment. Never edited."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    screening = models.ForeignKey(
        Screening, on_delete=models.CASCADE, related_name="determinations"
    )
    facts = EncryptedJSONField(_("facts screened"))
    result = EncryptedJSONField(_("result"))
    rules_version = models.CharField(_("rules version"), max_length=64)
    as_of = models.DateField(_("law applied as of"))
    label_ids = models.JSONField(_("labels"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"determination {self.uuid}"


class TraffickingStatus(models.TextChoices):
    """HTCDS 2.0 `vic_TraffickingStatus`."""

    POSSIBLE = "PossibleVictimOfTrafficking", _("Possible victim of trafficking")
    ACTUAL = "ActualVictimOfTrafficking", _("Victim of trafficking")
    NOT_A_VICTIM = "NotAVictimOfTrafficking", _("Not a victim of trafficking")


class DecisionMakingOrg(models.TextChoices):
    """HTCDS 2.0 `vic_TraffickingStatusDecisionMakingOrg`."""

    POLICE = "Police", _("Police")
    NGO = "NGO", _("Non-governmental organisation")
    COURT_OR_PROSECUTION = "CourtOrProsecution", _("Court or prosecution")
    GOVERNMENT = "NonPoliceGovernmentalOrganization", _("Governmental body other than the police")
    OTHER = "Other", _("Other")


class AuthorityDecision(models.Model):
    """A competent authority's formal decision on trafficking status; recorded, never edited."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="authority_decisions"
    )
    status = models.CharField(_("decision"), max_length=32, choices=TraffickingStatus.choices)
    decision_making_org = models.CharField(
        _("kind of deciding organisation"), max_length=40, choices=DecisionMakingOrg.choices
    )
    organisation_name = models.CharField(_("name of the deciding organisation"), max_length=200)
    decided_on = models.DateField(_("date of the decision"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-recorded_at"]

    def __str__(self) -> str:
        return f"authority decision {self.uuid}"
