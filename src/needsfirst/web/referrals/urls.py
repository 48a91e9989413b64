from django.urls import path

from needsfirst.web.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("services/new/", views.provider_new, name="provider_new"),
    path("services/<uuid:provider_uuid>/edit/", views.provider_edit, name="provider_edit"),
    path("inbox/", views.inbox, name="inbox"),
    path("cases/<uuid:case_uuid>/new/", views.referral_new, name="new"),
    path("<uuid:referral_uuid>/", views.referral_detail, name="detail"),
    path("<uuid:referral_uuid>/accept/", views.referral_accept, name="accept"),
    path("<uuid:referral_uuid>/decline/", views.referral_decline, name="decline"),
    path("<uuid:referral_uuid>/complete/", views.referral_complete, name="complete"),
    path("<uuid:referral_uuid>/close/", views.referral_close, name="close"),
    path("<uuid:referral_uuid>/form.pdf", views.referral_pdf, name="pdf"),
    path("<uuid:referral_uuid>/tasks/", views.task_add, name="task_add"),
    path("<uuid:referral_uuid>/tasks/<uuid:task_uuid>/done/", views.task_done, name="task_done"),
]
