"""URLs of the follow-up (SPEC §14), namespace `tindak:` under /tindak-lanjut/: targets and the
roadmap (Peta Rencana), rencana aksi, and the interview and visit schedule. Each part appends
its own block; the access matrices per part live in tests/tindak/."""

from django.urls import include, path

from evaluasi import tindak_lanjut

app_name = "tindak"
urlpatterns = [
    path("", tindak_lanjut.beranda, name="beranda"),
]

# Targets of the roadmap (Peta Rencana), read against results: evaluasi/target/urls.py.
urlpatterns += [path("target/", include("evaluasi.target.urls"))]
