from django.urls import path

from needsfirst.web.recruitment import public

app_name = "check"
urlpatterns = [
    path("", public.home, name="home"),
    path("recruiter/", public.recruiter, name="recruiter"),
    path("offer/", public.offer, name="offer"),
    path("help/", public.help_request, name="help"),
    path("pay/", public.pay, name="pay"),
    path("rights/", public.rights, name="rights"),
]
