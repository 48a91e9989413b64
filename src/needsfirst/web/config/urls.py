from django.urls import include, path
from django.views.i18n import set_language

from needsfirst.web.cases.dashboard import home
from needsfirst.web.common.views import healthz
from needsfirst.web.recruitment.api import OfferCheckView, RecruiterLookupView
from needsfirst.web.statistics.api import (
    ReleaseDetail,
    ReleaseDownload,
    ReleaseList,
    StatisticsView,
)
from needsfirst.web.statistics.views import statistics

urlpatterns = [
    path("", home, name="home"),
    path("statistics/", statistics, name="statistics"),
    path("statistics/", include("needsfirst.web.statistics.urls")),
    path("accounts/", include("needsfirst.web.accounts.urls")),
    path("cases/", include("needsfirst.web.cases.urls")),
    path("audit/", include("needsfirst.web.audit.urls")),
    path("screening/", include("needsfirst.web.screening.urls")),
    path("assistance/", include("needsfirst.web.assistance.urls")),
    path("referrals/", include("needsfirst.web.referrals.urls")),
    path("claims/", include("needsfirst.web.claims.urls")),
    path("inspection/", include("needsfirst.web.inspection.urls")),
    path("nrm/", include("needsfirst.web.nrm.urls")),
    path("handover/", include("needsfirst.web.handover.urls")),
    path("recruitment/", include("needsfirst.web.recruitment.urls")),
    path("linkage/", include("needsfirst.web.linkage.urls")),
    path("exchange/", include("needsfirst.web.exchange.urls")),
    path("duplicates/", include("needsfirst.web.dedup.urls")),
    path("check/", include("needsfirst.web.recruitment.public_urls")),
    path("api/v1/offers/check/", OfferCheckView.as_view(), name="offer-check"),
    path("api/v1/recruiters/", RecruiterLookupView.as_view(), name="recruiter-lookup"),
    path("api/v1/statistics/", StatisticsView.as_view(), name="statistics-api"),
    path("api/v1/releases/", ReleaseList.as_view(), name="release-list"),
    path("api/v1/releases/<uuid:release_uuid>/", ReleaseDetail.as_view(), name="release-detail"),
    path(
        "api/v1/releases/<uuid:release_uuid>/download/",
        ReleaseDownload.as_view(),
        name="release-download",
    ),
    path("api/", include("needsfirst.web.api.urls")),
    path("api-tokens/", include("needsfirst.web.api.token_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
]

handler400 = "needsfirst.web.common.views.bad_request"
handler403 = "needsfirst.web.common.views.permission_denied"
handler404 = "needsfirst.web.common.views.page_not_found"
handler500 = "needsfirst.web.common.views.server_error"
