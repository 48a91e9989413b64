from django.urls import path

from needsfirst.web.dedup import views

app_name = "dedup"
urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("run/", views.start, name="start"),
    path("<uuid:candidate_uuid>/", views.review, name="review"),
    path("<uuid:candidate_uuid>/merge/", views.merge, name="merge"),
    path("<uuid:candidate_uuid>/not-same/", views.not_same, name="not_same"),
    path("merges/<uuid:merge_uuid>/undo/", views.undo, name="undo"),
]
