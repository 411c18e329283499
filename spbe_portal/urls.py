from django.contrib import admin
from django.urls import include, path

from arsitektur import views as arsitektur_views
from opd import views_log
from opd.urls import akun_patterns, opd_patterns, pengguna_patterns
from spbe_portal import views

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("healthz", views.healthz, name="healthz"),
    path("akun/", include(akun_patterns)),
    path("opd/", include(opd_patterns)),
    path("pengguna/", include(pengguna_patterns)),
    path("log-aktivitas/", views_log.log_aktivitas, name="log_aktivitas"),
    path("evaluasi/", include("evaluasi.urls")),
    path("tindak-lanjut/", include("evaluasi.urls_tindak")),
    path("arsitektur/", include("arsitektur.urls")),
    path("permohonan/", include("arsitektur.permohonan.urls")),
    path("jaringan/", include("jaringan.urls")),
    path("publik/", arsitektur_views.publik, name="publik"),
    path("tpp/", include("tpp.urls")),
    path("django-admin/", admin.site.urls),
]
