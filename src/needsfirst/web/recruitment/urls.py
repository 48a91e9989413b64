from django.urls import path

from needsfirst.web.recruitment import views

app_name = "recruitment"
urlpatterns = [
    path("", views.registry, name="registry"),
    path("import/", views.import_list, name="import"),
    path("<uuid:recruiter_uuid>/", views.detail, name="detail"),
    path("<uuid:recruiter_uuid>/events/new/", views.event_add, name="event_add"),
    path("help/", views.help_list, name="help_list"),
    path("help/<uuid:help_uuid>/", views.help_detail, name="help_detail"),
    path("help/<uuid:help_uuid>/open-case/", views.help_open_case, name="help_open_case"),
]
