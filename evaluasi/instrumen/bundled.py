"""The instruments that ship with the portal, loaded by `manage.py muat_instrumen`."""

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from evaluasi.instrumen.spreadsheet import (
    Galat,
    InstrumenData,
    PredikatData,
    parse_kriteria,
    parse_struktur,
    validate,
)
from opd.spreadsheet import normalise_header, normalise_text

FIXTURES = Path(settings.BASE_DIR) / "fixtures"

# Colours: Bootstrap's danger → success scale, so every chart and badge reads the same way.
WARNA = {
    "Kurang": "#dc3545",
    "Cukup": "#fd7e14",
    "Baik": "#0d6efd",
    "Sangat Baik": "#20c997",
    "Memuaskan": "#198754",
}


def _bands(*pairs: tuple[str, str]) -> list[PredikatData]:
    return [PredikatData(nama, Decimal(batas), WARNA[nama]) for nama, batas in pairs]


@dataclass(frozen=True)
class Bawaan:
    kode: str
    nama: str
    dasar_hukum: str
    keterangan: str
    struktur: str
    kriteria: str
    predikat: tuple[tuple[str, str], ...]
    bawaan: bool


BUNDLED = (
    Bawaan(
        kode="spbe-2020",
        nama="Evaluasi SPBE (PermenPANRB 59/2020)",
        dasar_hukum=(
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 59 "
            "Tahun 2020 tentang Pemantauan dan Evaluasi Sistem Pemerintahan Berbasis Elektronik"
        ),
        keterangan=(
            "4 domain, 8 aspek, 47 indikator. Indikator 1–31 dinilai dengan kapabilitas proses, "
            "32–47 dengan kapabilitas fungsi teknis. Teks kriteria dan bukti ditulis untuk portal "
            "ini; dapat diganti dengan redaksi resmi melalui impor instrumen."
        ),
        struktur="instrumen_spbe_2020.csv",
        kriteria="kriteria_spbe_2020.csv",
        predikat=(
            ("Kurang", "1.00"),
            ("Cukup", "1.80"),
            ("Baik", "2.60"),
            ("Sangat Baik", "3.50"),
            ("Memuaskan", "4.20"),
        ),
        bawaan=True,
    ),
    Bawaan(
        kode="pemdi-2026",
        nama="Evaluasi Kinerja Pemerintah Digital (contoh 2026)",
        dasar_hukum=(
            "Dilaporkan sebagai PermenPANRB Nomor 8 Tahun 2026; diambil dari sumber sekunder, "
            "periksa kembali dengan salinan resmi sebelum dipakai."
        ),
        keterangan="7 aspek tanpa domain, 20 indikator dengan bobot berbeda-beda.",
        struktur="instrumen_pemdi_2026.csv",
        kriteria="kriteria_pemdi_2026.csv",
        predikat=(
            ("Kurang", "1.00"),
            ("Cukup", "1.50"),
            ("Baik", "2.50"),
            ("Sangat Baik", "3.50"),
            ("Memuaskan", "4.00"),
        ),
        bawaan=False,
    ),
)


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = [normalise_header(h) for h in rows[0]]
    body = [[c.strip() if "\n" in c else normalise_text(c) for c in row] for row in rows[1:]]
    return header, body


def load(bawaan: Bawaan) -> tuple[InstrumenData, list[Galat]]:
    data = InstrumenData(
        kode=bawaan.kode,
        nama=bawaan.nama,
        dasar_hukum=bawaan.dasar_hukum,
        keterangan=bawaan.keterangan,
        predikat=_bands(*bawaan.predikat),
    )
    errors: list[Galat] = []
    parse_struktur(*read_csv(FIXTURES / bawaan.struktur), data, errors)
    parse_kriteria(*read_csv(FIXTURES / bawaan.kriteria), data, errors)
    return data, errors + validate(data)
