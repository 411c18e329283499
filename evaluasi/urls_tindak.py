"""URLs of the follow-up (SPEC §14), namespace `tindak:` under /tindak-lanjut/: targets and the
roadmap (Peta Rencana), rencana aksi, and the interview and visit schedule. Each part appends
its own block; the access matrices per part live in tests/tindak/."""

from django.urls import include, path

from evaluasi import tindak_lanjut

app_name = "tindak"
urlpatterns = [
    path("", tindak_lanjut.beranda, name="beranda"),
]

# Jadwal interviu dan visitasi (evaluasi/jadwal/urls.py): names stay in `tindak:`.
urlpatterns += [path("jadwal/", include("evaluasi.jadwal.urls"))]
