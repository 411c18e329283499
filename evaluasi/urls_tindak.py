"""URLs of the follow-up (SPEC §14), namespace `tindak:` under /tindak-lanjut/: targets and the
roadmap (Peta Rencana), rencana aksi, and the interview and visit schedule. Each part appends
its own block; the access matrices per part live in tests/tindak/."""

from django.urls import include, path

from evaluasi import tindak_lanjut
from evaluasi.aksi import cetak as aksi_cetak
from evaluasi.aksi import views as aksi_views
from evaluasi.program import views as program_views

app_name = "tindak"
urlpatterns = [
    path("", tindak_lanjut.beranda, name="beranda"),
]

# Rencana aksi (evaluasi/aksi/).
urlpatterns += [
    path("aksi/", aksi_views.aksi_daftar, name="aksi_daftar"),
    path("aksi/rekomendasi/", aksi_views.aksi_rekomendasi, name="aksi_rekomendasi"),
    path("aksi/baru/", aksi_views.aksi_buat, name="aksi_buat"),
    path("aksi/ekspor.xlsx", aksi_cetak.aksi_xlsx, name="aksi_xlsx"),
    path("aksi/cetak.pdf", aksi_cetak.aksi_pdf, name="aksi_pdf"),
    path("aksi/<int:pk>/", aksi_views.aksi, name="aksi"),
    path("aksi/<int:pk>/ubah/", aksi_views.aksi_ubah, name="aksi_ubah"),
    path("aksi/<int:pk>/langkah/", aksi_views.aksi_langkah, name="aksi_langkah"),
    path("aksi/<int:pk>/komentar/", aksi_views.aksi_komentar, name="aksi_komentar"),
    path("aksi/<int:pk>/bukti/", aksi_views.aksi_bukti, name="aksi_bukti"),
]
# Targets of the roadmap (Peta Rencana), read against results: evaluasi/target/urls.py.
urlpatterns += [path("target/", include("evaluasi.target.urls"))]
# Jadwal interviu dan visitasi (evaluasi/jadwal/urls.py): names stay in `tindak:`.
urlpatterns += [path("jadwal/", include("evaluasi.jadwal.urls"))]
# --- Roadmap programs (Peta Rencana): evaluasi/program/ --------------------------------------
urlpatterns += [
    path("program/", program_views.program_daftar, name="program_daftar"),
    path("program/tambah/", program_views.program_tambah, name="program_tambah"),
    path("program/<int:pk>/", program_views.program_detail, name="program_detail"),
    path("program/<int:pk>/ubah/", program_views.program_ubah, name="program_ubah"),
    path("program/<int:pk>/hapus/", program_views.program_hapus, name="program_hapus"),
    path("program/impor/", program_views.program_impor, name="program_impor"),
    path(
        "program/impor/konfirmasi/",
        program_views.program_impor_konfirmasi,
        name="program_impor_konfirmasi",
    ),
    path("program/templat.xlsx", program_views.program_templat, name="program_templat"),
    path("program/ekspor.xlsx", program_views.program_ekspor, name="program_ekspor"),
    path("program/kemajuan/", program_views.program_kemajuan, name="program_kemajuan"),
    path("program/kemajuan/<int:pk>/lapor/", program_views.program_lapor, name="program_lapor"),
]
