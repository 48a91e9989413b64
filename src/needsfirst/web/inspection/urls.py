from django.urls import path

from needsfirst.web.inspection import views

app_name = "inspection"
urlpatterns = [
    path("", views.workplace_list, name="list"),
    path("referred-workers/", views.worker_referrals, name="worker_referrals"),
    path("workplaces/new/", views.workplace_new, name="workplace_new"),
    path("workplaces/<uuid:workplace_uuid>/", views.workplace_detail, name="workplace"),
    path("visits/checklist-sw.js", views.checklist_service_worker, name="checklist_service_worker"),
    path("visits/<uuid:visit_uuid>/", views.visit_detail, name="visit"),
    path("visits/<uuid:visit_uuid>/checklist/", views.checklist, name="checklist"),
    path(
        "visits/<uuid:visit_uuid>/checklist/send/",
        views.checklist_submit,
        name="checklist_submit",
    ),
    path(
        "sanctions/<uuid:sanction_uuid>/payment/", views.sanction_payment, name="sanction_payment"
    ),
]
