"""Demo architecture data: the real per-OPD application counts and information status of
Sulawesi Barat (fixtures/opd_sulbar.csv) and a TPP rule with a few employees."""

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from arsitektur.models import Aplikasi, ProfilOpd, StatusInformasi
from evaluasi.models import Periode
from opd.imports import name_key
from opd.models import Opd
from tpp import rules
from tpp.models import Pegawai
from tpp.services import aturan_save

STATUS = {label.casefold(): value for value, label in StatusInformasi.choices}


@transaction.atomic
def seed_arsitektur_demo() -> str:
    path = Path(settings.BASE_DIR) / "fixtures" / "opd_sulbar.csv"
    opds = {name_key(o.nama): o for o in Opd.objects.all()}
    created = 0
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            opd = opds.get(name_key(row["nama"]))
            if opd is None:
                continue
            ProfilOpd.objects.update_or_create(
                opd=opd,
                defaults={
                    "status_informasi": STATUS.get(
                        row["status_informasi_aplikasi"].casefold(),
                        StatusInformasi.BELUM_KONFIRMASI,
                    )
                },
            )
            for i in range(1, int(row["jumlah_aplikasi"] or 0) + 1):
                _, new = Aplikasi.objects.get_or_create(
                    opd=opd,
                    nama=f"Aplikasi {opd.singkatan or opd.kode} {i}",
                    defaults={
                        "deskripsi": f"Aplikasi layanan {opd.nama} (data contoh).",
                        "url": f"https://app{i}.{(opd.singkatan or opd.kode).lower().replace(' ', '')}.sulbarprov.go.id",
                        "name_server": "10.10.0.1",  # private: must never reach the public page
                        "lokasi_kode_sumber": "git.internal.sulbarprov.go.id/aplikasi",
                    },
                )
                created += new
    periode = Periode.objects.filter(tahun=2023).first()
    if periode is not None and not periode.aturan_tpp.exists():
        aturan_save(
            aturan=None,
            tahun=periode.tahun_tpp,
            periode=periode,
            dasar_hukum=rules.DASAR_HUKUM_BAWAAN,
            persen=dict(rules.PERSENTASE_BAWAAN),
        )
    for opd in Opd.objects.filter(singkatan__in=["BKD", "Diskominfopers"]):
        for i in range(1, 6):
            nip = f"19800101200501{opd.pk % 10}{i:03d}"[:18].ljust(18, "0")
            Pegawai.objects.get_or_create(
                nip=nip,
                defaults={
                    "nama": f"Pegawai {opd.singkatan} {i}",
                    "jabatan": "Pelaksana",
                    "opd": opd,
                    "tpp_dasar": 3_000_000 + i * 250_000,
                },
            )
    return f"Arsitektur demo: {created} aplikasi dari opd_sulbar.csv, status informasi per OPD, aturan TPP dan contoh pegawai."
