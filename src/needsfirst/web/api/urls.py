from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from needsfirst.web.api import assistance_api, remedies, resources, writes
from needsfirst.web.api import duplicates as duplicates_api
from needsfirst.web.api import handover as handover_api
from needsfirst.web.api import nrm as nrm_api
from needsfirst.web.api import people as people_api
from needsfirst.web.api.views import CaseViewSet
from needsfirst.web.inspection.api_urls import urlpatterns as inspection_api_urls

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")

urlpatterns = [
    path("v1/", include(router.urls)),
    path(
        "v1/cases/<uuid:case_id>/claim-matters/",
        remedies.ClaimMatterList.as_view(),
        name="claim-matter-list",
    ),
    path(
        "v1/cases/<uuid:case_id>/claim-matters/<uuid:matter_id>/",
        remedies.ClaimMatterDetail.as_view(),
        name="claim-matter-detail",
    ),
    path("v1/inspection/", include(inspection_api_urls)),
    path("v1/people/", resources.PersonList.as_view(), name="person-list"),
    path("v1/people/<uuid:person_id>/", resources.PersonDetail.as_view(), name="person-detail"),
    path("v1/cases/<uuid:case_id>/consents/", resources.ConsentList.as_view(), name="consent-list"),
    path(
        "v1/cases/<uuid:case_id>/consents/<uuid:consent_id>/withdraw/",
        resources.ConsentWithdraw.as_view(),
        name="consent-withdraw",
    ),
    path(
        "v1/cases/<uuid:case_id>/screening/",
        resources.ScreeningDetail.as_view(),
        name="screening-detail",
    ),
    path("v1/cases/<uuid:case_id>/plan/", resources.PlanDetail.as_view(), name="plan-detail"),
    path(
        "v1/cases/<uuid:case_id>/referrals/",
        resources.CaseReferrals.as_view(),
        name="case-referral-list",
    ),
    path(
        "v1/cases/<uuid:case_id>/wage-claims/",
        writes.WageClaims.as_view(),
        name="wage-claim-list",
    ),
    path("v1/services/", resources.ServiceList.as_view(), name="service-list"),
    path("v1/referrals/", resources.ReferralList.as_view(), name="referral-list"),
    path(
        "v1/referrals/<uuid:referral_id>/",
        resources.ReferralDetail.as_view(),
        name="referral-detail",
    ),
    path(
        "v1/referrals/<uuid:referral_id>/accept/",
        resources.ReferralAccept.as_view(),
        name="referral-accept",
    ),
    path(
        "v1/referrals/<uuid:referral_id>/decline/",
        resources.ReferralDecline.as_view(),
        name="referral-decline",
    ),
    path(
        "v1/referrals/<uuid:referral_id>/complete/",
        resources.ReferralComplete.as_view(),
        name="referral-complete",
    ),
    path("v1/events/", resources.EventList.as_view(), name="event-list"),
    path("v1/webhooks/", resources.WebhookList.as_view(), name="webhook-list"),
    path(
        "v1/webhooks/<uuid:webhook_id>/",
        resources.WebhookDetail.as_view(),
        name="webhook-detail",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]

# The national referral mechanism: the first responder's side, then the competent authority's.
urlpatterns += [
    path(
        "v1/cases/<uuid:case_id>/nrm-referrals/",
        nrm_api.CaseNrmReferrals.as_view(),
        name="case-nrm-referral-list",
    ),
    path("v1/nrm/referrals/", nrm_api.NrmReferralList.as_view(), name="nrm-referral-list"),
    path(
        "v1/nrm/referrals/<uuid:referral_id>/",
        nrm_api.NrmReferralDetail.as_view(),
        name="nrm-referral-detail",
    ),
    path(
        "v1/nrm/referrals/<uuid:referral_id>/decisions/<uuid:decision_id>/challenges/",
        nrm_api.NrmChallengeCreate.as_view(),
        name="nrm-challenge-create",
    ),
    path("v1/nrm/queue/", nrm_api.NrmQueue.as_view(), name="nrm-queue"),
    path(
        "v1/nrm/notifications/",
        nrm_api.NrmNotificationList.as_view(),
        name="nrm-notification-list",
    ),
    path(
        "v1/nrm/received/<uuid:referral_id>/",
        nrm_api.AuthorityReferralDetail.as_view(),
        name="nrm-received-detail",
    ),
    path(
        "v1/nrm/received/<uuid:referral_id>/decisions/",
        nrm_api.AuthorityDecisionCreate.as_view(),
        name="nrm-decision-create",
    ),
    path(
        "v1/nrm/received/<uuid:referral_id>/requests/<uuid:challenge_id>/",
        nrm_api.AuthorityChallengeResolve.as_view(),
        name="nrm-challenge-resolve",
    ),
]

# Hand-over of a case to another organisation, and its follow-ups.
urlpatterns += [
    path(
        "v1/cases/<uuid:case_id>/handovers/",
        handover_api.CaseHandovers.as_view(),
        name="case-handover-list",
    ),
    path("v1/handovers/", handover_api.HandoverList.as_view(), name="handover-list"),
    path(
        "v1/handovers/<uuid:handover_id>/",
        handover_api.HandoverDetail.as_view(),
        name="handover-detail",
    ),
    path(
        "v1/handovers/<uuid:handover_id>/accept/",
        handover_api.HandoverAccept.as_view(),
        name="handover-accept",
    ),
    path(
        "v1/handovers/<uuid:handover_id>/decline/",
        handover_api.HandoverDecline.as_view(),
        name="handover-decline",
    ),
    path(
        "v1/handovers/<uuid:handover_id>/follow-ups/<int:months>/",
        handover_api.FollowUpRecord.as_view(),
        name="handover-follow-up",
    ),
]

# The writes of the pages the API lacked (web/api/writes.py): claims, plan actions, referral
# close and follow-up tasks.
urlpatterns += [
    path(
        "v1/cases/<uuid:case_id>/plan/actions/",
        writes.PlanActionList.as_view(),
        name="plan-action-list",
    ),
    path(
        "v1/cases/<uuid:case_id>/plan/actions/<uuid:item_id>/",
        writes.PlanActionDetail.as_view(),
        name="plan-action-detail",
    ),
    path(
        "v1/referrals/<uuid:referral_id>/close/",
        writes.ReferralClose.as_view(),
        name="referral-close",
    ),
    path(
        "v1/referrals/<uuid:referral_id>/tasks/",
        writes.ReferralTasks.as_view(),
        name="referral-task-list",
    ),
    path(
        "v1/referrals/<uuid:referral_id>/tasks/<uuid:task_id>/done/",
        writes.ReferralTaskDone.as_view(),
        name="referral-task-done",
    ),
    path("v1/cases/<uuid:case_id>/notes/", writes.CaseNotes.as_view(), name="case-note-list"),
    path("v1/cases/<uuid:case_id>/events/", writes.CaseEvents.as_view(), name="case-event-list"),
]

# The person's own record on the case page: identity documents, subject-access export, erasure
# (web/api/people.py).
urlpatterns += [
    path(
        "v1/cases/<uuid:case_id>/documents/",
        people_api.CaseDocuments.as_view(),
        name="case-document-list",
    ),
    path(
        "v1/cases/<uuid:case_id>/person/export/",
        people_api.PersonExport.as_view(),
        name="person-export",
    ),
    path(
        "v1/cases/<uuid:case_id>/person/erase/",
        people_api.PersonErase.as_view(),
        name="person-erase",
    ),
]

# What the assistance overview records apart from the needs and the plan
# (web/api/assistance_api.py): the category, the reflection periods, cooperation with the police.
urlpatterns += [
    path(
        "v1/cases/<uuid:case_id>/category/",
        assistance_api.CaseCategory.as_view(),
        name="case-category",
    ),
    path(
        "v1/cases/<uuid:case_id>/reflection-periods/",
        assistance_api.ReflectionPeriods.as_view(),
        name="reflection-period-list",
    ),
    path(
        "v1/cases/<uuid:case_id>/cooperation/",
        assistance_api.CooperationRecords.as_view(),
        name="cooperation-list",
    ),
]

# The NRM decision letter as a PDF for the holder of the referral (web/api/nrm.py).
urlpatterns += [
    path(
        "v1/nrm/referrals/<uuid:referral_id>/decisions/<uuid:decision_id>/letter/",
        nrm_api.NrmDecisionLetter.as_view(),
        name="nrm-decision-letter",
    ),
]

# The duplicate review (web/api/duplicates.py): the open pairs, "not the same person", merge and
# undo (a signed-in person only).
urlpatterns += [
    path("v1/duplicates/", duplicates_api.CandidateList.as_view(), name="duplicate-list"),
    path(
        "v1/duplicates/<uuid:candidate_id>/not-same/",
        duplicates_api.CandidateDismiss.as_view(),
        name="duplicate-dismiss",
    ),
    path(
        "v1/duplicates/<uuid:candidate_id>/merge/",
        duplicates_api.CandidateMerge.as_view(),
        name="duplicate-merge",
    ),
    path("v1/duplicates/merges/", duplicates_api.MergeList.as_view(), name="duplicate-merge-list"),
    path(
        "v1/duplicates/merges/<uuid:merge_id>/undo/",
        duplicates_api.MergeUndo.as_view(),
        name="duplicate-merge-undo",
    ),
]
