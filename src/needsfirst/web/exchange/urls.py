from django.urls import path

from needsfirst.web.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.home, name="home"),
    path("export/<str:file_format>/", views.export, name="export"),
    path("exports/<uuid:job_uuid>/", views.export_job, name="export_job"),
    path("exports/<uuid:job_uuid>/progress/", views.export_progress, name="export_progress"),
    path("exports/<uuid:job_uuid>/download/", views.export_download, name="export_download"),
    path("import/<uuid:job_uuid>/", views.job, name="job"),
    path("import/<uuid:job_uuid>/progress/", views.job_progress, name="job_progress"),
    path("import/<uuid:job_uuid>/run/", views.job_run, name="job_run"),
]
