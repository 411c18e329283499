"""The public page shows an application from a request only once approved, and only its
public fields (Aplikasi.PUBLIC_FIELDS): never a pending or refused request, nor an IP, name
server, hosting account, hosting provider or source location."""

import pytest
from django.urls import reverse

from arsitektur.models import Aplikasi
from arsitektur.permohonan import services
from tests.permohonan.pabrik import permohonan_buat

pytestmark = pytest.mark.django_db

RAHASIA = {
    "name_server": "103.77.88.99",
    "penyedia_hosting": "PT Hosting Rahasia",
    "kebutuhan_sistem": "PHP 7.4 rahasia-versi",
}


def _ajukan(p, user):
    return services.permohonan_transisi(permohonan=p, ke="diajukan", user=user, pihak={"opd"})


def _publik(client) -> str:
    return client.get(reverse("publik")).content.decode()


def test_only_approved_requests_reach_the_public_page_with_public_fields(
    client, operator_a, admin_user
):
    draf = permohonan_buat(opd=operator_a.opd, user=operator_a, nama="Draf Tersembunyi")
    menunggu = _ajukan(
        permohonan_buat(
            opd=operator_a.opd,
            user=operator_a,
            nama="Menunggu Tinjauan",
            url="https://menunggu.sulbarprov.go.id",
        ),
        operator_a,
    )
    ditolak = _ajukan(
        permohonan_buat(opd=operator_a.opd, user=operator_a, nama="Permohonan Ditolak"),
        operator_a,
    )
    services.permohonan_transisi(
        permohonan=ditolak, ke="ditolak", user=admin_user, pihak={"peninjau"}, catatan="Ganda."
    )
    disetujui = _ajukan(
        permohonan_buat(
            opd=operator_a.opd,
            user=operator_a,
            nama="Sistem Perizinan Terpadu",
            deskripsi="Perizinan daring untuk warga.",
            url="https://izin.sulbarprov.go.id",
            tahun_pembuatan=2026,
            akun_hosting_diberikan=True,
            **RAHASIA,
        ),
        operator_a,
    )

    before = _publik(client)
    services.permohonan_transisi(
        permohonan=disetujui, ke="disetujui", user=admin_user, pihak={"peninjau"}
    )
    app = Aplikasi.objects.get(nama="Sistem Perizinan Terpadu")
    app.lokasi_kode_sumber = "git.rahasia.sulbarprov.go.id/izin"
    app.save(update_fields=["lokasi_kode_sumber"])
    after = _publik(client)

    assert "Sistem Perizinan Terpadu" not in before
    assert "Sistem Perizinan Terpadu" in after
    assert "Perizinan daring untuk warga." in after
    assert "https://izin.sulbarprov.go.id" in after
    for nilai in [*RAHASIA.values(), "git.rahasia.sulbarprov.go.id"]:
        assert nilai not in after, nilai
    for nama in (draf.nama, menunggu.nama, ditolak.nama, "https://menunggu.sulbarprov.go.id"):
        assert nama not in after, nama
