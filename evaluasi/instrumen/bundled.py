"""The instruments that ship with the portal, loaded by `manage.py muat_instrumen`."""

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from evaluasi.instrumen.spreadsheet import (
    Galat,
    InstrumenData,
    PredikatData,
    parse_butir,
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
    berlaku_mulai: int
    butir: str = ""
    kredit_parsial: str = "tanpa"
    nilai_eksternal_bawaan: str = ""


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
        berlaku_mulai=2021,
    ),
    Bawaan(
        kode="pemdi-2026",
        nama="Evaluasi Kinerja Pemerintah Digital 2026",
        dasar_hukum=(
            "Dilaporkan sebagai PermenPANRB Nomor 8 Tahun 2026 (mencabut PermenPANRB 59/2020); "
            "diambil dari sumber sekunder, periksa kembali dengan salinan resmi."
        ),
        keterangan=(
            "7 aspek tanpa domain, 20 indikator dengan bobot berbeda-beda, kode nasional 1.1–7.2. "
            "Bukti diunggah per butir (berkode seperti I10-L2-03); nilai indikator dapat pecahan "
            "(kredit parsial). Empat indikator dinilai dari indeks nasional eksternal. Teks "
            "kriteria dan butir ditulis untuk portal ini; ganti dengan redaksi resmi melalui "
            "impor instrumen."
        ),
        struktur="instrumen_pemdi_2026.csv",
        kriteria="kriteria_pemdi_2026.csv",
        butir="butir_pemdi_2026.csv",
        kredit_parsial="proporsi_utama",
        nilai_eksternal_bawaan="1",
        predikat=(
            ("Kurang", "1.00"),
            ("Cukup", "1.50"),
            ("Baik", "2.50"),
            ("Sangat Baik", "3.50"),
            ("Memuaskan", "4.00"),
        ),
        bawaan=False,
        berlaku_mulai=2026,
    ),
)


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = [normalise_header(h) for h in rows[0]]
    body = [[c.strip() if "\n" in c else normalise_text(c) for c in row] for row in rows[1:]]
    return header, body


PEMBINA = re.compile(r"^(?P<sumber>.+?)\s*\((?P<pembina>[^()]+)\)$")


def load(bawaan: Bawaan) -> tuple[InstrumenData, list[Galat]]:
    data = InstrumenData(
        kode=bawaan.kode,
        nama=bawaan.nama,
        dasar_hukum=bawaan.dasar_hukum,
        keterangan=bawaan.keterangan,
        predikat=_bands(*bawaan.predikat),
        kredit_parsial=bawaan.kredit_parsial,
        berlaku_mulai=bawaan.berlaku_mulai,
        nilai_eksternal_bawaan=Decimal(bawaan.nilai_eksternal_bawaan)
        if bawaan.nilai_eksternal_bawaan
        else None,
    )
    errors: list[Galat] = []
    parse_struktur(*read_csv(FIXTURES / bawaan.struktur), data, errors)
    for ind in data.indikator:
        # The CSV writes "Skor Satu Data Indonesia (Bappenas)": source, then its pembina.
        match = PEMBINA.match(ind.sumber_eksternal)
        if match and not ind.pembina_eksternal:
            ind.sumber_eksternal, ind.pembina_eksternal = match["sumber"], match["pembina"]
        if ind.kode and not ind.kode_singkat:
            ind.kode_singkat = f"I{ind.nomor}"  # national practice: I10 is indicator 10
    parse_kriteria(*read_csv(FIXTURES / bawaan.kriteria), data, errors)
    if bawaan.butir:
        parse_butir(*read_csv(FIXTURES / bawaan.butir), data, errors)
    return data, errors + validate(data)
