"""The API's routes under /api/: each a row (route under v1/, class-based view, name), grouped
by the module that answers them."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from needsfirst.web.api import assistance_api, remedies, resources, writes
from needsfirst.web.api import duplicates as duplicates_api
from needsfirst.web.api import handover as handover_api
from needsfirst.web.api import nrm as nrm_api
from needsfirst.web.api import people as people_api
from needsfirst.web.api.views import CaseViewSet
from needsfirst.web.common.routes import routes
from needsfirst.web.inspection.api_urls import urlpatterns as inspection_api_urls

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")

CASE = "cases/<uuid:case_id>"
REFERRAL = "referrals/<uuid:referral_id>"
NRM_REFERRAL = "nrm/referrals/<uuid:referral_id>"
NRM_RECEIVED = "nrm/received/<uuid:referral_id>"
HANDOVER = "handovers/<uuid:handover_id>"

RESOURCES = [
    (f"{CASE}/claim-matters/", remedies.ClaimMatterList, "claim-matter-list"),
    (f"{CASE}/claim-matters/<uuid:matter_id>/", remedies.ClaimMatterDetail, "claim-matter-detail"),
]
PAGES_MIRRORED = [
    ("people/", resources.PersonList, "person-list"),
    ("people/<uuid:person_id>/", resources.PersonDetail, "person-detail"),
    (f"{CASE}/consents/", resources.ConsentList, "consent-list"),
    (
        f"{CASE}/consents/<uuid:consent_id>/withdraw/",
        resources.ConsentWithdraw,
        "consent-withdraw",
    ),
    (f"{CASE}/screening/", resources.ScreeningDetail, "screening-detail"),
    (f"{CASE}/plan/", resources.PlanDetail, "plan-detail"),
    (f"{CASE}/referrals/", resources.CaseReferrals, "case-referral-list"),
    (f"{CASE}/wage-claims/", writes.WageClaims, "wage-claim-list"),
    ("services/", resources.ServiceList, "service-list"),
    ("referrals/", resources.ReferralList, "referral-list"),
    (f"{REFERRAL}/", resources.ReferralDetail, "referral-detail"),
    (f"{REFERRAL}/accept/", resources.ReferralAccept, "referral-accept"),
    (f"{REFERRAL}/decline/", resources.ReferralDecline, "referral-decline"),
    (f"{REFERRAL}/complete/", resources.ReferralComplete, "referral-complete"),
    ("events/", resources.EventList, "event-list"),
    ("webhooks/", resources.WebhookList, "webhook-list"),
    ("webhooks/<uuid:webhook_id>/", resources.WebhookDetail, "webhook-detail"),
]
# The national referral mechanism: the first responder's side, then the competent authority's.
NRM = [
    (f"{CASE}/nrm-referrals/", nrm_api.CaseNrmReferrals, "case-nrm-referral-list"),
    ("nrm/referrals/", nrm_api.NrmReferralList, "nrm-referral-list"),
    (f"{NRM_REFERRAL}/", nrm_api.NrmReferralDetail, "nrm-referral-detail"),
    (
        f"{NRM_REFERRAL}/decisions/<uuid:decision_id>/challenges/",
        nrm_api.NrmChallengeCreate,
        "nrm-challenge-create",
    ),
    ("nrm/queue/", nrm_api.NrmQueue, "nrm-queue"),
    ("nrm/notifications/", nrm_api.NrmNotificationList, "nrm-notification-list"),
    (f"{NRM_RECEIVED}/", nrm_api.AuthorityReferralDetail, "nrm-received-detail"),
    (f"{NRM_RECEIVED}/decisions/", nrm_api.AuthorityDecisionCreate, "nrm-decision-create"),
    (
        f"{NRM_RECEIVED}/requests/<uuid:challenge_id>/",
        nrm_api.AuthorityChallengeResolve,
        "nrm-challenge-resolve",
    ),
    # The decision letter as a PDF for the holder of the referral.
    (
        f"{NRM_REFERRAL}/decisions/<uuid:decision_id>/letter/",
        nrm_api.NrmDecisionLetter,
        "nrm-decision-letter",
    ),
]
# Hand-over of a case to another organisation, and its follow-ups.
HANDOVERS = [
    (f"{CASE}/handovers/", handover_api.CaseHandovers, "case-handover-list"),
    ("handovers/", handover_api.HandoverList, "handover-list"),
    (f"{HANDOVER}/", handover_api.HandoverDetail, "handover-detail"),
    (f"{HANDOVER}/accept/", handover_api.HandoverAccept, "handover-accept"),
    (f"{HANDOVER}/decline/", handover_api.HandoverDecline, "handover-decline"),
    (f"{HANDOVER}/follow-ups/<int:months>/", handover_api.FollowUpRecord, "handover-follow-up"),
]
# The writes of the pages (web/api/writes.py): plan actions, referral close and follow-up tasks,
# notes and events.
WRITES = [
    (f"{CASE}/plan/actions/", writes.PlanActionList, "plan-action-list"),
    (f"{CASE}/plan/actions/<uuid:item_id>/", writes.PlanActionDetail, "plan-action-detail"),
    (f"{REFERRAL}/close/", writes.ReferralClose, "referral-close"),
    (f"{REFERRAL}/tasks/", writes.ReferralTasks, "referral-task-list"),
    (f"{REFERRAL}/tasks/<uuid:task_id>/done/", writes.ReferralTaskDone, "referral-task-done"),
    (f"{CASE}/notes/", writes.CaseNotes, "case-note-list"),
    (f"{CASE}/events/", writes.CaseEvents, "case-event-list"),
]
# The person's own record (web/api/people.py): identity documents, subject-access export,
# erasure.
PEOPLE = [
    (f"{CASE}/documents/", people_api.CaseDocuments, "case-document-list"),
    (f"{CASE}/person/export/", people_api.PersonExport, "person-export"),
    (f"{CASE}/person/erase/", people_api.PersonErase, "person-erase"),
]
# What the assistance overview records apart from the needs and the plan
# (web/api/assistance_api.py): the category, the reflection periods, cooperation with the police.
ASSISTANCE = [
    (f"{CASE}/category/", assistance_api.CaseCategory, "case-category"),
    (f"{CASE}/reflection-periods/", assistance_api.ReflectionPeriods, "reflection-period-list"),
    (f"{CASE}/cooperation/", assistance_api.CooperationRecords, "cooperation-list"),
]

# The duplicate review (web/api/duplicates.py): the open pairs, "not the same person", merge and
# undo (a signed-in person only).
DUPLICATES = [
    ("duplicates/", duplicates_api.CandidateList, "duplicate-list"),
    (
        "duplicates/<uuid:candidate_id>/not-same/",
        duplicates_api.CandidateDismiss,
        "duplicate-dismiss",
    ),
    ("duplicates/<uuid:candidate_id>/merge/", duplicates_api.CandidateMerge, "duplicate-merge"),
    ("duplicates/merges/", duplicates_api.MergeList, "duplicate-merge-list"),
    ("duplicates/merges/<uuid:merge_id>/undo/", duplicates_api.MergeUndo, "duplicate-merge-undo"),
]

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/inspection/", include(inspection_api_urls)),
    *routes(
        [*RESOURCES, *PAGES_MIRRORED, *NRM, *HANDOVERS, *WRITES, *PEOPLE, *ASSISTANCE, *DUPLICATES],
        "v1/",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
