from django.urls import path

from arsitektur import views

app_name = "arsitektur"
urlpatterns = [
    path("", views.beranda, name="beranda"),
]
