"""URLs of the network standard, under /jaringan/standar/ (names in `jaringan:`)."""

from django.urls import path

from jaringan.standar import views

urlpatterns = [
    path("", views.standar_daftar, name="standar_daftar"),
    path("baru/", views.standar_buat, name="standar_buat"),
    path("<int:pk>/", views.standar, name="standar"),
    path("<int:pk>/butir/baru/", views.standar_butir_tambah, name="standar_butir_tambah"),
    path("butir/<int:pk>/ubah/", views.standar_butir_ubah, name="standar_butir_ubah"),
    path("butir/<int:pk>/hapus/", views.standar_butir_hapus, name="standar_butir_hapus"),
    path(
        "tahun/<int:tahun>/opd/<int:opd>/",
        views.standar_pemeriksaan,
        name="standar_pemeriksaan",
    ),
    path(
        "tahun/<int:tahun>/opd/<int:opd>/koneksi/baru/",
        views.standar_koneksi_tambah,
        name="standar_koneksi_tambah",
    ),
    path(
        "tahun/<int:tahun>/opd/<int:opd>/koneksi/salin/",
        views.standar_koneksi_salin,
        name="standar_koneksi_salin",
    ),
    path("koneksi/<int:pk>/ubah/", views.standar_koneksi_ubah, name="standar_koneksi_ubah"),
    path("koneksi/<int:pk>/hapus/", views.standar_koneksi_hapus, name="standar_koneksi_hapus"),
    path("tahun/<int:tahun>/rekap/", views.standar_rekap, name="standar_rekap"),
    path("tahun/<int:tahun>/rekap.xlsx", views.standar_rekap_xlsx, name="standar_rekap_xlsx"),
]
