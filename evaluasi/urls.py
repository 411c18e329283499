from django.urls import path

from evaluasi import views
from evaluasi.laporan import views as views_dasbor

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
    path("periode/tambah/", views.periode_tambah, name="periode_tambah"),
    path("periode/<int:pk>/", views.periode_detail, name="periode_detail"),
    path("periode/<int:pk>/ubah/", views.periode_ubah, name="periode_ubah"),
    path("periode/<int:pk>/lanjut/", views.periode_lanjut, name="periode_lanjut"),
    path("penilaian/<int:pk>/", views.penilaian_detail, name="penilaian_detail"),
    path(
        "penilaian/<int:pk>/tidak-berlaku/",
        views.penilaian_tidak_berlaku,
        name="penilaian_tidak_berlaku",
    ),
    path("penilaian/<int:pk>/ajukan/", views.penilaian_ajukan, name="penilaian_ajukan"),
    path(
        "penilaian/<int:pk>/tanda-terima/",
        views.penilaian_tanda_terima,
        name="penilaian_tanda_terima",
    ),
    path("penilaian/<int:pk>/indikator/<int:nomor>/", views.jawaban, name="jawaban"),
    path(
        "penilaian/<int:pk>/indikator/<int:nomor>/bukti/",
        views.bukti_unggah,
        name="bukti_unggah",
    ),
    path("bukti/<int:pk>/", views.bukti_unduh, name="bukti_unduh"),
    path("bukti/<int:pk>/hapus/", views.bukti_hapus, name="bukti_hapus"),
    path("bukti/<int:pk>/pulihkan/", views.bukti_pulihkan, name="bukti_pulihkan"),
]
urlpatterns += [
    path("periode/<int:pk>/penugasan/", views.penugasan, name="penugasan"),
    path("penilaian/<int:pk>/reviu/<int:nomor>/", views.reviu, name="reviu"),
    path("penilaian/<int:pk>/perbaikan/", views.perbaikan, name="perbaikan"),
    path("penilaian/<int:pk>/finalkan/", views.finalkan, name="finalkan"),
    path("penilaian/<int:pk>/buka-kembali/", views.buka_kembali, name="buka_kembali"),
    path("penilaian/<int:pk>/riwayat/", views.penilaian_riwayat, name="penilaian_riwayat"),
    path("bukti/<int:pk>/validasi/", views.bukti_validasi, name="bukti_validasi"),
]

urlpatterns += [
    path("dashboard/", views_dasbor.dashboard, name="dashboard"),
    path("penilaian/<int:pk>/hasil/", views_dasbor.hasil, name="hasil"),
    path("penilaian/<int:pk>/laporan/", views_dasbor.laporan_minta_opd, name="laporan_minta_opd"),
    path(
        "periode/<int:pk>/laporan/",
        views_dasbor.laporan_minta_periode,
        name="laporan_minta_periode",
    ),
    path("periode/<int:pk>/rekap.xlsx", views_dasbor.rekap_xlsx, name="rekap_xlsx"),
    path("laporan/", views_dasbor.laporan_daftar, name="laporan_daftar"),
    path("laporan/<int:pk>/", views_dasbor.laporan_detail, name="laporan_detail"),
    path("laporan/<int:pk>/unduh/", views_dasbor.laporan_unduh, name="laporan_unduh"),
    path("laporan/<int:pk>/ulang/", views_dasbor.laporan_ulang, name="laporan_ulang"),
]
