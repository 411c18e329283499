from django.urls import path

from evaluasi import views

app_name = "evaluasi"
urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("instrumen/", views.instrumen_daftar, name="instrumen_daftar"),
    path("instrumen/impor/", views.instrumen_impor, name="instrumen_impor"),
    path("instrumen/<int:pk>/", views.instrumen_detail, name="instrumen_detail"),
    path("instrumen/<int:pk>/ekspor/", views.instrumen_ekspor, name="instrumen_ekspor"),
    path("instrumen/<int:pk>/salin/", views.instrumen_salin, name="instrumen_salin"),
    path("instrumen/<int:pk>/bawaan/", views.instrumen_bawaan, name="instrumen_bawaan"),
    path("kriteria/<int:pk>/ubah/", views.kriteria_ubah, name="kriteria_ubah"),
    path("simulasi/", views.simulasi, name="simulasi"),
    path("simulasi/hitung/", views.simulasi_hitung, name="simulasi_hitung"),
]
