"""Organisations, the people who work for them, and what each role may do."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    """HTCDS 2.0 `org_Type` values, plus the kinds of this field that HTCDS lacks."""

    NGO = "NGO", _("Non-governmental organisation")
    LAW_ENFORCEMENT = "LawEnforcement", _("Police")
    HEALTH_SERVICE = "HealthServiceOrganisation", _("Health service")
    CENTRAL_GOVERNMENT = "CentralGovernmentOrganisation", _("Ministry or central government")
    LOCAL_GOVERNMENT = "LocalGovernmentOrganisation", _("Local government")
    IMMIGRATION_SERVICE = "ImmigrationService", _("Immigration service")
    LEGAL_SERVICE = "LegalService", _("Legal service")
    CORPORATE_BUSINESS = "CorporateBusiness", _("Business")
    SCHOOL_OR_COLLEGE = "SchoolOrCollege", _("School or college")
    # Not in HTCDS 2.0: exported as the nearest HTCDS type (see HTCDS_EXPORT_TYPE).
    INTERNATIONAL_ORGANISATION = (
        "InternationalOrganisationMission",
        _("International organisation mission"),
    )
    SHELTER = "Shelter", _("Shelter")
    LABOUR_INSPECTORATE = "LabourInspectorate", _("Labour inspectorate")
    # The body that decides who is a victim in a national referral mechanism (docs/nrm.md); the
    # jurisdiction it decides for is named in the nrm app's CompetentAuthority designation.
    COMPETENT_AUTHORITY = (
        "CompetentAuthority",
        _("Competent authority (national referral mechanism)"),
    )


HTCDS_EXPORT_TYPE = {
    OrganisationType.INTERNATIONAL_ORGANISATION: OrganisationType.NGO,
    OrganisationType.SHELTER: OrganisationType.NGO,
    OrganisationType.LABOUR_INSPECTORATE: OrganisationType.CENTRAL_GOVERNMENT,
    OrganisationType.COMPETENT_AUTHORITY: OrganisationType.CENTRAL_GOVERNMENT,
}


class Organisation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=40, choices=OrganisationType.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 alpha-2"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    LABOUR_INSPECTOR = "labour_inspector", _("Labour inspector")
    ANALYST = "analyst", _("Analyst")
    ORGANISATION_ADMIN = "organisation_admin", _("Organisation administrator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


# Roles that see personal data of the cases their organisation holds.
CASE_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR})
# Roles that read the audit trail of their organisation.
AUDIT_ROLES = frozenset({Role.SUPERVISOR, Role.ORGANISATION_ADMIN, Role.SYSTEM_ADMIN})


class User(AbstractUser):
    """A person who works for one organisation in one role."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    preferred_language = models.CharField(max_length=8, default="en")
    # Sending a referral without the person's consent: granted one by one, never by role.
    may_override_consent = models.BooleanField(
        _("may send a referral without consent"),
        default=False,
        help_text=_("Only with a written reason; every use is audited."),
    )

    @property
    def sees_personal_data(self) -> bool:
        return self.role in CASE_ROLES

    @property
    def reads_audit(self) -> bool:
        return self.role in AUDIT_ROLES

    def is_verified(self) -> bool:
        """Whether this request passed the second factor.

        django-otp's middleware replaces this per request; the default refuses, so a user that
        did not go through the middleware is never taken as verified.
        """
        return False

    # Every staff role signs in with a second factor, not only those that see personal data:
    # an administrator can create users who do, and an analyst's session is a foothold too.
    @property
    def requires_two_factor(self) -> bool:
        return True
