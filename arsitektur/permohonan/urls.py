"""URLs of application and domain requests (SPEC §15), namespace `permohonan:` under
/permohonan/; the access matrix lives in tests/permohonan/."""

from django.urls import path

from arsitektur.permohonan import views

app_name = "permohonan"
urlpatterns = [
    path("", views.daftar, name="daftar"),
]
