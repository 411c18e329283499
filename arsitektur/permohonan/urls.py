"""URLs of application and domain requests (SPEC §15), namespace `permohonan:` under
/permohonan/; the access matrix lives in tests/permohonan/."""

from django.urls import path

from arsitektur.permohonan import views

app_name = "permohonan"
urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("baru/", views.buat, name="buat"),
    path("<int:pk>/", views.rinci, name="rinci"),
    path("<int:pk>/ubah/", views.ubah, name="ubah"),
    path("<int:pk>/langkah/", views.langkah, name="langkah"),
    path("dokumen/<int:pk>/", views.dokumen_unduh, name="dokumen_unduh"),
]
