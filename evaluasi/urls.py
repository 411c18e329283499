"""URLs of the evaluation; names are stable (`evaluasi:…`), the views come from the four parts."""

from django.urls import path

from evaluasi import beranda
from evaluasi.dokumen import views as dokumen_views
from evaluasi.dokumen import views_usulan as usulan_views
from evaluasi.instansi import views as instansi_views
from evaluasi.instansi import views_hasil as hasil_views
from evaluasi.instrumen import views as instrumen_views
from evaluasi.laporan import views as laporan_views
from evaluasi.padanan import views as padanan_views
from evaluasi.penilaian import views as penilaian_views
from evaluasi.verifikasi import views as verifikasi_views

app_name = "evaluasi"
urlpatterns = [
    path("", beranda.beranda, name="beranda"),
    path("periode/pilih/", beranda.periode_pilih, name="periode_pilih"),
    path("instrumen/", instrumen_views.instrumen_daftar, name="instrumen_daftar"),
    path("instrumen/impor/", instrumen_views.instrumen_impor, name="instrumen_impor"),
    path("instrumen/<int:pk>/", instrumen_views.instrumen_detail, name="instrumen_detail"),
    path("instrumen/<int:pk>/ekspor/", instrumen_views.instrumen_ekspor, name="instrumen_ekspor"),
    path("instrumen/<int:pk>/salin/", instrumen_views.instrumen_salin, name="instrumen_salin"),
    path("instrumen/<int:pk>/bawaan/", instrumen_views.instrumen_bawaan, name="instrumen_bawaan"),
    path("kriteria/<int:pk>/ubah/", instrumen_views.kriteria_ubah, name="kriteria_ubah"),
    path("simulasi/", instrumen_views.simulasi, name="simulasi"),
    path("simulasi/hitung/", instrumen_views.simulasi_hitung, name="simulasi_hitung"),
    path("periode/tambah/", penilaian_views.periode_tambah, name="periode_tambah"),
    path("periode/<int:pk>/", penilaian_views.periode_detail, name="periode_detail"),
    path("periode/<int:pk>/ubah/", penilaian_views.periode_ubah, name="periode_ubah"),
    path("periode/<int:pk>/lanjut/", penilaian_views.periode_lanjut, name="periode_lanjut"),
    path("periode/<int:pk>/mundur/", penilaian_views.periode_mundur, name="periode_mundur"),
    path("periode/<int:pk>/pengingat/", penilaian_views.pengingat, name="pengingat"),
    path("penilaian/<int:pk>/", penilaian_views.penilaian_detail, name="penilaian_detail"),
    path(
        "penilaian/<int:pk>/tidak-berlaku/",
        penilaian_views.penilaian_tidak_berlaku,
        name="penilaian_tidak_berlaku",
    ),
    path("penilaian/<int:pk>/ajukan/", penilaian_views.penilaian_ajukan, name="penilaian_ajukan"),
    path(
        "penilaian/<int:pk>/tanda-terima/",
        penilaian_views.penilaian_tanda_terima,
        name="penilaian_tanda_terima",
    ),
    path("penilaian/<int:pk>/indikator/<int:nomor>/", penilaian_views.jawaban, name="jawaban"),
    path(
        "penilaian/<int:pk>/indikator/<int:nomor>/bukti/",
        penilaian_views.bukti_unggah,
        name="bukti_unggah",
    ),
    path("bukti/<int:pk>/", penilaian_views.bukti_unduh, name="bukti_unduh"),
    path("bukti/<int:pk>/hapus/", penilaian_views.bukti_hapus, name="bukti_hapus"),
    path("bukti/<int:pk>/pulihkan/", penilaian_views.bukti_pulihkan, name="bukti_pulihkan"),
]
urlpatterns += [
    path("periode/<int:pk>/penugasan/", verifikasi_views.penugasan, name="penugasan"),
    path("penilaian/<int:pk>/reviu/", verifikasi_views.reviu_grid, name="reviu_grid"),
    path(
        "penilaian/<int:pk>/reviu/<int:nomor>/baris/",
        verifikasi_views.reviu_baris,
        name="reviu_baris",
    ),
    path("penilaian/<int:pk>/reviu/<int:nomor>/", verifikasi_views.reviu, name="reviu"),
    path(
        "penilaian/<int:pk>/reviu/<int:nomor>/butir/<int:butir>/",
        verifikasi_views.reviu_butir,
        name="reviu_butir",
    ),
    path("penilaian/<int:pk>/perbaikan/", verifikasi_views.perbaikan, name="perbaikan"),
    path("penilaian/<int:pk>/finalkan/", verifikasi_views.finalkan, name="finalkan"),
    path("penilaian/<int:pk>/buka-kembali/", verifikasi_views.buka_kembali, name="buka_kembali"),
    path(
        "penilaian/<int:pk>/riwayat/", penilaian_views.penilaian_riwayat, name="penilaian_riwayat"
    ),
    path("berita-acara/<int:pk>/", penilaian_views.berita_acara_pdf, name="berita_acara"),
    path("bukti/<int:pk>/validasi/", verifikasi_views.bukti_validasi, name="bukti_validasi"),
]

urlpatterns += [
    path("dashboard/", laporan_views.dashboard, name="dashboard"),
    path("penilaian/<int:pk>/hasil/", laporan_views.hasil, name="hasil"),
    path("penilaian/<int:pk>/laporan/", laporan_views.laporan_minta_opd, name="laporan_minta_opd"),
    path(
        "periode/<int:pk>/laporan/",
        laporan_views.laporan_minta_periode,
        name="laporan_minta_periode",
    ),
    path("periode/<int:pk>/rekap.xlsx", laporan_views.rekap_xlsx, name="rekap_xlsx"),
    path("laporan/", laporan_views.laporan_daftar, name="laporan_daftar"),
    path("laporan/<int:pk>/", laporan_views.laporan_detail, name="laporan_detail"),
    path("laporan/<int:pk>/unduh/", laporan_views.laporan_unduh, name="laporan_unduh"),
    path("laporan/<int:pk>/ulang/", laporan_views.laporan_ulang, name="laporan_ulang"),
]

# The penilaian instansi (SPEC §12), addressed by its period.
urlpatterns += [
    path("periode/<int:pk>/pengampu/", instansi_views.pengampu, name="pengampu"),
    path("periode/<int:pk>/pengampu.xlsx", instansi_views.pengampu_ekspor, name="pengampu_ekspor"),
    path("periode/<int:pk>/instansi/", instansi_views.instansi, name="instansi"),
    path(
        "periode/<int:pk>/instansi/indikator/<int:nomor>/",
        instansi_views.instansi_indikator,
        name="instansi_indikator",
    ),
    path(
        "periode/<int:pk>/instansi/butir/<int:butir_pk>/",
        instansi_views.instansi_butir,
        name="instansi_butir",
    ),
    path(
        "instansi/berkas/<int:pk>/",
        instansi_views.instansi_berkas_unduh,
        name="instansi_berkas_unduh",
    ),
    path(
        "instansi/berkas/<int:pk>/hapus/",
        instansi_views.instansi_berkas_hapus,
        name="instansi_berkas_hapus",
    ),
]

# National results back in (SPEC §12), per round.
urlpatterns += [
    path(
        "periode/<int:pk>/hasil-nasional/",
        hasil_views.hasil_nasional,
        name="hasil_nasional",
    ),
    path(
        "periode/<int:pk>/hasil-nasional/templat.xlsx",
        hasil_views.hasil_nasional_templat,
        name="hasil_nasional_templat",
    ),
    path(
        "periode/<int:pk>/hasil-nasional/konfirmasi/",
        hasil_views.hasil_nasional_konfirmasi,
        name="hasil_nasional_konfirmasi",
    ),
]

# The national package (a report job), built for a person to upload by hand.
urlpatterns += [
    path("periode/<int:pk>/paket-nasional/", laporan_views.paket_nasional, name="paket_nasional"),
]

# Every evidence file of an OPD penilaian or of the penilaian instansi as a ZIP (a report job).
urlpatterns += [
    path(
        "penilaian/<int:pk>/arsip-bukti/",
        laporan_views.arsip_bukti_penilaian,
        name="arsip_bukti_penilaian",
    ),
    path(
        "periode/<int:pk>/instansi/arsip-bukti/",
        laporan_views.arsip_bukti_instansi,
        name="arsip_bukti_instansi",
    ),
]

# The evidence library (SPEC §13).
urlpatterns += [
    path("pustaka/", dokumen_views.pustaka, name="pustaka"),
    path("pustaka/<int:pk>/", dokumen_views.dokumen, name="dokumen"),
    path(
        "pustaka/<int:pk>/versi/", dokumen_views.dokumen_versi_tambah, name="dokumen_versi_tambah"
    ),
    path("pustaka/versi/<int:pk>/", dokumen_views.dokumen_versi_unduh, name="dokumen_versi_unduh"),
    path(
        "penilaian/<int:pk>/indikator/<int:nomor>/tautkan/",
        dokumen_views.bukti_tautkan,
        name="bukti_tautkan",
    ),
    path("penilaian/<int:pk>/usulan/", usulan_views.usulan_buat, name="usulan_buat"),
    path("penilaian/<int:pk>/usulan/semua/", usulan_views.usulan_semua, name="usulan_semua"),
    path("usulan/<int:pk>/", usulan_views.usulan_putuskan, name="usulan_putuskan"),
]

# The crosswalk between two instruments (SPEC §13): read by every role, replaced by Admins.
urlpatterns += [
    path("instrumen/padanan/", padanan_views.padanan, name="padanan"),
    path("instrumen/padanan/impor/", padanan_views.padanan_impor, name="padanan_impor"),
    path(
        "instrumen/padanan/konfirmasi/",
        padanan_views.padanan_konfirmasi,
        name="padanan_konfirmasi",
    ),
    path(
        "instrumen/padanan/<int:asal>/<int:tujuan>/padanan.xlsx",
        padanan_views.padanan_ekspor,
        name="padanan_ekspor",
    ),
]
