from django.urls import path

from tpp import views

app_name = "tpp"
urlpatterns = [
    path("", views.beranda, name="beranda"),
]
