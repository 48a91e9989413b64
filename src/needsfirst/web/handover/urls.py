from django.urls import path

from needsfirst.web.handover import views

app_name = "handover"
urlpatterns = [
    path("", views.handover_list, name="list"),
    path("cases/<uuid:case_uuid>/new/", views.handover_new, name="new"),
    path("<uuid:handover_uuid>/", views.handover_detail, name="detail"),
    path("<uuid:handover_uuid>/accept/", views.handover_accept, name="accept"),
    path("<uuid:handover_uuid>/decline/", views.handover_decline, name="decline"),
    path(
        "<uuid:handover_uuid>/follow-up/<int:months>/",
        views.follow_up_record,
        name="follow_up",
    ),
]
