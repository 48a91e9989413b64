from django.urls import path

from needsfirst.web.claims import remedy_views, views

app_name = "claims"
urlpatterns = [
    path("cases/<uuid:case_uuid>/", views.wage_claim, name="claim"),
    path(
        "cases/<uuid:case_uuid>/<uuid:claim_uuid>/statement.pdf",
        views.saved_claim_pdf,
        name="saved_pdf",
    ),
    path("cases/<uuid:case_uuid>/remedy/", remedy_views.remedy, name="remedy"),
    path(
        "cases/<uuid:case_uuid>/remedy/<uuid:matter_uuid>/",
        remedy_views.matter_follow_up,
        name="matter_follow_up",
    ),
]
