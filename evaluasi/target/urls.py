"""The targets' pages, included by evaluasi/urls_tindak.py under /tindak-lanjut/target/ (names
in the `tindak:` namespace)."""

from django.urls import path

from evaluasi.target import views

urlpatterns = [
    path("", views.target, name="target"),
    path("tambah/", views.target_tambah, name="target_tambah"),
    path("<int:pk>/ubah/", views.target_ubah, name="target_ubah"),
    path("<int:pk>/hapus/", views.target_hapus, name="target_hapus"),
    path("templat.xlsx", views.target_templat, name="target_templat"),
    path("ekspor.xlsx", views.target_ekspor, name="target_ekspor"),
    path("impor/", views.target_impor, name="target_impor"),
    path("impor/konfirmasi/", views.target_impor_konfirmasi, name="target_impor_konfirmasi"),
]
