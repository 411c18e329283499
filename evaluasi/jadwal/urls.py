"""The schedule's pages, included under /tindak-lanjut/jadwal/ in the `tindak:` namespace."""

from django.urls import path

from evaluasi.jadwal import views

urlpatterns = [
    path("", views.jadwal, name="jadwal"),
    path("tambah/", views.jadwal_tambah, name="jadwal_tambah"),
    path("<int:pk>/", views.jadwal_detail, name="jadwal_detail"),
    path("<int:pk>/ubah/", views.jadwal_ubah, name="jadwal_ubah"),
    path("<int:pk>/batal/", views.jadwal_batal, name="jadwal_batal"),
    path("<int:pk>/undangan/", views.jadwal_undangan, name="jadwal_undangan"),
    path("<int:pk>/berita-acara/", views.jadwal_berita_acara, name="jadwal_berita_acara"),
    path("<int:pk>/berita-acara.pdf", views.jadwal_pdf, name="jadwal_pdf"),
    path("<int:pk>/undangan.ics", views.jadwal_ics, name="jadwal_ics"),
]
