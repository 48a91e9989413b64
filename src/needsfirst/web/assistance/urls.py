from django.urls import path

from needsfirst.web.assistance import views

app_name = "assistance"
urlpatterns = [
    path("team/", views.team, name="team"),
    path("notifications/", views.notifications, name="notifications"),
    path(
        "notifications/<uuid:notification_uuid>/read/",
        views.notification_read,
        name="notification_read",
    ),
    path("cases/<uuid:case_uuid>/", views.overview, name="overview"),
    path("cases/<uuid:case_uuid>/assess/", views.assess, name="assess"),
    path("cases/<uuid:case_uuid>/actions/new/", views.action_add, name="action_add"),
    path(
        "cases/<uuid:case_uuid>/actions/<uuid:item_uuid>/status/",
        views.action_status,
        name="action_status",
    ),
    path(
        "cases/<uuid:case_uuid>/actions/<uuid:item_uuid>/reschedule/",
        views.action_reschedule,
        name="action_reschedule",
    ),
    path(
        "cases/<uuid:case_uuid>/actions/<uuid:item_uuid>/assign/",
        views.action_assign,
        name="action_assign",
    ),
    path("cases/<uuid:case_uuid>/category/", views.category_set, name="category_set"),
    path("cases/<uuid:case_uuid>/reflection/", views.reflection_start, name="reflection_start"),
    path("cases/<uuid:case_uuid>/cooperation/", views.cooperation_add, name="cooperation_add"),
]
