from django.urls import path

from evaluasi import views

app_name = "evaluasi"
urlpatterns = [
    path("", views.beranda, name="beranda"),
]
