from django.urls import path

from needsfirst.web.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_intake, name="intake"),
    path("search/", views.people_search, name="search"),
    path("<uuid:case_uuid>/", views.case_detail, name="detail"),
    path("<uuid:case_uuid>/edit/", views.case_edit, name="edit"),
    path("<uuid:case_uuid>/person/", views.person_edit, name="person_edit"),
    path("<uuid:case_uuid>/notes/", views.note_add, name="note_add"),
    path("<uuid:case_uuid>/events/new/", views.event_add, name="event_add"),
    path("<uuid:case_uuid>/documents/new/", views.document_add, name="document_add"),
    path("<uuid:case_uuid>/consents/new/", views.consent_add, name="consent_add"),
    path(
        "<uuid:case_uuid>/consents/<uuid:consent_uuid>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<uuid:case_uuid>/export.json", views.person_export, {"fmt": "json"}, name="export_json"),
    path("<uuid:case_uuid>/export.pdf", views.person_export, {"fmt": "pdf"}, name="export_pdf"),
    path("<uuid:case_uuid>/erase/", views.person_erase, name="erase"),
]
