from django.urls import path

from needsfirst.web.accounts import security_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("two-factor/", views.two_factor_view, name="two_factor"),
    path("two-factor/setup/", views.two_factor_setup_view, name="two_factor_setup"),
    path("reauthenticate/", views.reauthenticate, name="reauthenticate"),
    path("logout/", views.logout_view, name="logout"),
    path("locked/", views.locked_accounts, name="locked"),
    path("locked/<uuid:user_uuid>/unlock/", views.unlock, name="unlock"),
    path("security/", security_views.security, name="security"),
    path("security/backup-codes/", security_views.backup_codes, name="backup_codes"),
    path(
        "security/authenticator/",
        security_views.authenticator_replace_view,
        name="authenticator_replace",
    ),
    path(
        "members/second-factor/",
        security_views.members_second_factor,
        name="members_second_factor",
    ),
    path(
        "members/<uuid:user_uuid>/second-factor/reset/",
        security_views.member_second_factor_reset,
        name="member_second_factor_reset",
    ),
]
