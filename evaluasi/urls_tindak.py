"""URLs of the follow-up (SPEC §14), namespace `tindak:` under /tindak-lanjut/: targets and the
roadmap (Peta Rencana), rencana aksi, and the interview and visit schedule. Each part appends
its own block; the access matrices per part live in tests/tindak/."""

from django.urls import include, path

from evaluasi import tindak_lanjut
from evaluasi.aksi import cetak as aksi_cetak
from evaluasi.aksi import views as aksi_views

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
