from django.urls import path

from needsfirst.web.claims import views

app_name = "claims"
urlpatterns = [
    path("cases/<uuid:case_uuid>/", views.wage_claim, name="claim"),
    path(
        "cases/<uuid:case_uuid>/<uuid:claim_uuid>/statement.pdf",
        views.saved_claim_pdf,
        name="saved_pdf",
    ),
]
