from django.urls import path

from tpp import views

app_name = "tpp"
urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("aturan/tambah/", views.aturan_form, name="aturan_tambah"),
    path("aturan/<int:tahun>/ubah/", views.aturan_form, name="aturan_ubah"),
    path("pegawai/", views.pegawai, name="pegawai"),
    path("pegawai/impor/", views.pegawai_impor, name="pegawai_impor"),
    path(
        "pegawai/impor/konfirmasi/", views.pegawai_impor_konfirmasi, name="pegawai_impor_konfirmasi"
    ),
    path("ekspor.xlsx", views.ekspor, name="ekspor"),
]
