"""The disruption log's pages, included under /jaringan/gangguan/ in the `jaringan:` namespace."""

from django.urls import path

from jaringan.gangguan import views

urlpatterns = [
    path("", views.gangguan_daftar, name="gangguan"),
    path("catat/", views.gangguan_tambah, name="gangguan_tambah"),
    path("rekap/", views.gangguan_rekap, name="gangguan_rekap"),
    path("rekap.xlsx", views.gangguan_rekap_xlsx, name="gangguan_rekap_xlsx"),
    path("<int:pk>/", views.gangguan_detail, name="gangguan_detail"),
    path("<int:pk>/ubah/", views.gangguan_ubah, name="gangguan_ubah"),
    path("<int:pk>/selesai/", views.gangguan_selesai, name="gangguan_selesai"),
    path("<int:pk>/hapus/", views.gangguan_hapus, name="gangguan_hapus"),
]
