"""The inspectorate's API routes, included under `/api/v1/inspection/` by the API's urls."""

from django.urls import path

from needsfirst.web.inspection import api

urlpatterns = [
    path("workplaces/", api.WorkplaceList.as_view(), name="inspection-workplace-list"),
    path(
        "workplaces/<uuid:workplace_id>/",
        api.WorkplaceDetail.as_view(),
        name="inspection-workplace-detail",
    ),
    path(
        "workplaces/<uuid:workplace_id>/visits/",
        api.VisitList.as_view(),
        name="inspection-visit-list",
    ),
    path("visits/<uuid:visit_id>/", api.VisitDetail.as_view(), name="inspection-visit-detail"),
    path(
        "visits/<uuid:visit_id>/findings/",
        api.FindingList.as_view(),
        name="inspection-finding-list",
    ),
    path(
        "visits/<uuid:visit_id>/sanctions/",
        api.SanctionList.as_view(),
        name="inspection-visit-sanction-list",
    ),
    path("sanctions/", api.OutstandingSanctionList.as_view(), name="inspection-sanction-list"),
    path(
        "sanctions/<uuid:sanction_id>/payments/",
        api.SanctionPayment.as_view(),
        name="inspection-sanction-payment",
    ),
]
