from django.urls import path

from needsfirst.web.api import token_views, webhook_views

app_name = "api_tokens"
urlpatterns = [
    path("", token_views.token_list, name="list"),
    path("<uuid:token_uuid>/revoke/", token_views.token_revoke_view, name="revoke"),
    path("webhooks/", webhook_views.webhook_list, name="webhooks"),
    path("webhooks/<uuid:webhook_uuid>/", webhook_views.webhook_detail, name="webhook"),
    path(
        "webhooks/<uuid:webhook_uuid>/rotate/",
        webhook_views.webhook_rotate,
        name="webhook_rotate",
    ),
    path(
        "webhooks/<uuid:webhook_uuid>/disable/",
        webhook_views.webhook_disable,
        name="webhook_disable",
    ),
]
