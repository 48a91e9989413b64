from django.urls import path

from needsfirst.web.statistics import releases, views

app_name = "statistics"

urlpatterns = [
    path("release/", releases.release_page, name="release"),
    path("privacy-budget/", releases.privacy_budget_page, name="privacy-budget"),
    path("release/<uuid:release_uuid>/", releases.release_detail, name="release-detail"),
    path(
        "release/<uuid:release_uuid>/download/",
        releases.release_download,
        name="release-download",
    ),
    path("<slug:key>.csv", views.statistics_csv, name="csv"),
]
