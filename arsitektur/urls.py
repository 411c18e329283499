from django.urls import path

from arsitektur import views

app_name = "arsitektur"
urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("opd/<int:pk>/", views.opd, name="opd"),
    path("opd/<int:opd_pk>/aplikasi/tambah/", views.aplikasi_form, name="aplikasi_tambah"),
    path("aplikasi/<int:pk>/ubah/", views.aplikasi_form, name="aplikasi_ubah"),
    path("aplikasi/impor/", views.aplikasi_impor, name="aplikasi_impor"),
    path(
        "aplikasi/impor/konfirmasi/",
        views.aplikasi_impor_konfirmasi,
        name="aplikasi_impor_konfirmasi",
    ),
    path("opd/<int:opd_pk>/talenta/tambah/", views.talenta_form, name="talenta_tambah"),
    path("talenta/<int:pk>/ubah/", views.talenta_form, name="talenta_ubah"),
    path("berkas/<int:pk>/", views.berkas_unduh, name="berkas_unduh"),
]
