"""URLs of the follow-up (SPEC §14), namespace `tindak:` under /tindak-lanjut/: targets and the
roadmap (Peta Rencana), rencana aksi, and the interview and visit schedule. Each part appends
its own block; the access matrices per part live in tests/tindak/."""

from django.urls import path

from evaluasi import tindak_lanjut
from evaluasi.program import views as program_views

app_name = "tindak"
urlpatterns = [
    path("", tindak_lanjut.beranda, name="beranda"),
]

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
