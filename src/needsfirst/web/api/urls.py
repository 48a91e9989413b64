from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from needsfirst.web.api import remedies
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
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
