from django.urls import path

from needsfirst.web.api import token_views

app_name = "api_tokens"
urlpatterns = [
    path("", token_views.token_list, name="list"),
    path("<uuid:token_uuid>/revoke/", token_views.token_revoke_view, name="revoke"),
]
