from django.urls import path

from needsfirst.web.nrm import views

app_name = "nrm"
urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("cases/<uuid:case_uuid>/", views.case_nrm, name="case"),
    path(
        "cases/<uuid:case_uuid>/decisions/<uuid:decision_uuid>/challenge/",
        views.challenge,
        name="challenge",
    ),
    path("<uuid:nrm_uuid>/", views.authority_referral, name="authority_referral"),
    path("<uuid:nrm_uuid>/decide/", views.decide, name="decide"),
    path("<uuid:nrm_uuid>/requests/<uuid:challenge_uuid>/", views.resolve, name="resolve"),
    path("decisions/<uuid:decision_uuid>/letter.pdf", views.letter, name="letter"),
]
