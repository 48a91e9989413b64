from django.urls import path

from needsfirst.web.linkage import views

app_name = "linkage"
urlpatterns = [path("", views.encode, name="encode")]
