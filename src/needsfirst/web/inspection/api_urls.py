"""The inspectorate's API routes, included under `/api/v1/inspection/` by the API's urls."""

from needsfirst.web.common.routes import routes
from needsfirst.web.inspection import api

VISIT = "visits/<uuid:visit_id>"

urlpatterns = routes(
    [
        ("workplaces/", api.WorkplaceList, "inspection-workplace-list"),
        ("workplaces/<uuid:workplace_id>/", api.WorkplaceDetail, "inspection-workplace-detail"),
        ("workplaces/<uuid:workplace_id>/visits/", api.VisitList, "inspection-visit-list"),
        (f"{VISIT}/", api.VisitDetail, "inspection-visit-detail"),
        (f"{VISIT}/findings/", api.FindingList, "inspection-finding-list"),
        (f"{VISIT}/sanctions/", api.SanctionList, "inspection-visit-sanction-list"),
        ("sanctions/", api.OutstandingSanctionList, "inspection-sanction-list"),
        (
            "sanctions/<uuid:sanction_id>/payments/",
            api.SanctionPayment,
            "inspection-sanction-payment",
        ),
    ]
)
