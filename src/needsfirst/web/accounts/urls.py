from django.urls import path

from needsfirst.web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("two-factor/", views.two_factor_view, name="two_factor"),
    path("two-factor/setup/", views.two_factor_setup_view, name="two_factor_setup"),
    path("reauthenticate/", views.reauthenticate, name="reauthenticate"),
    path("logout/", views.logout_view, name="logout"),
    path("locked/", views.locked_accounts, name="locked"),
    path("locked/<uuid:user_uuid>/unlock/", views.unlock, name="unlock"),
]
