from django.urls import path

from needsfirst.web.screening import views

app_name = "screening"
urlpatterns = [
    path("<uuid:case_uuid>/", views.interview, name="interview"),
    path("<uuid:case_uuid>/preview/", views.preview, name="preview"),
    path("<uuid:case_uuid>/decisions/new/", views.decision_add, name="decision_add"),
]
