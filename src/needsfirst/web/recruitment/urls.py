from django.urls import path

from needsfirst.web.recruitment import case_offer, views

app_name = "recruitment"
urlpatterns = [
    path("", views.registry, name="registry"),
    path("import/", views.import_list, name="import"),
    path("<uuid:recruiter_uuid>/", views.detail, name="detail"),
    path("<uuid:recruiter_uuid>/events/new/", views.event_add, name="event_add"),
    path("case/<uuid:case_uuid>/offer/", case_offer.case_offer, name="case_offer"),
    path(
        "case/<uuid:case_uuid>/help/<uuid:help_uuid>/screening/",
        case_offer.help_screening,
        name="help_screening",
    ),
    path("help/", views.help_list, name="help_list"),
    path("help/<uuid:help_uuid>/", views.help_detail, name="help_detail"),
    path("help/<uuid:help_uuid>/open-case/", views.help_open_case, name="help_open_case"),
]
