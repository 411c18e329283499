"""Instrument spreadsheets: the portable form of an instrument, parsed and validated
(reading and writing the .xlsx itself: `evaluasi.instrumen.buku_kerja`).

The .xlsx has four sheets and an optional fifth; the bundled CSV fixtures use the Struktur,
Kriteria and Butir layouts:
- Instrumen: `kunci`, `nilai` rows for kode, nama, dasar_hukum, keterangan, kredit_parsial
             (tanpa | proporsi_utama), berlaku_mulai (first evaluation year new periods
             default to it), nilai_eksternal_bawaan (what an external indicator counts while
             its index is not out; empty = must be entered) and nama_level_1 … nama_level_5;
- Predikat:  predikat, batas_bawah, warna (one row per band);
- Struktur:  no, domain_no, domain, domain_bobot, aspek_no, aspek, aspek_bobot, indikator,
             bobot, kapabilitas, kode, kode_singkat, sumber_eksternal, pembina (domain columns
             empty for an instrument without domains; the last four optional);
- Kriteria:  indikator, level, nama_level, kriteria, bukti (one evidence item per line);
- Butir:     indikator, level, nomor, kode (written for reading, ignored on import), jenis
             (utama | pendukung), butir, kedaluwarsa_bulan, indeks_eksternal, ambang.

`parse_*` and `validate` return row-level errors as (sheet, line, message); nothing here
touches the database.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from evaluasi import butir as butir_rules
from evaluasi import scoring
from opd.spreadsheet import (
    SpreadsheetError,
    normalise_header,
)

STRUKTUR_COLUMNS = (
    "no",
    "domain_no",
    "domain",
    "domain_bobot",
    "aspek_no",
    "aspek",
    "aspek_bobot",
    "indikator",
    "bobot",
    "kapabilitas",
    "kode",
    "kode_singkat",
    "sumber_eksternal",
    "pembina",
)
BUTIR_COLUMNS = (
    "indikator",
    "level",
    "nomor",
    "kode",
    "jenis",
    "butir",
    "kedaluwarsa_bulan",
    "indeks_eksternal",
    "ambang",
)
JENIS_BUTIR = ("utama", "pendukung")
KREDIT_PARSIAL = tuple(k.value for k in butir_rules.KreditParsial)
LEVELS = range(scoring.MIN_LEVEL, scoring.MAX_LEVEL + 1)
KRITERIA_COLUMNS = ("indikator", "level", "nama_level", "kriteria", "bukti")
PREDIKAT_COLUMNS = ("predikat", "batas_bawah", "warna")
META_KEYS = ("kode", "nama", "dasar_hukum", "keterangan", "kredit_parsial")
KAPABILITAS = ("proses", "fungsi_teknis")
TOTAL = Decimal(100)


@dataclass
class DomainData:
    nomor: int
    nama: str
    bobot: Decimal


@dataclass
class AspekData:
    nomor: int
    nama: str
    bobot: Decimal
    domain: int | None


@dataclass
class IndikatorData:
    nomor: int
    nama: str
    bobot: Decimal
    aspek: int
    kapabilitas: str
    baris: int = 0  # spreadsheet line, for error messages
    kode: str = ""
    kode_singkat: str = ""
    sumber_eksternal: str = ""
    pembina_eksternal: str = ""

    def comparable(self) -> tuple:
        return (
            self.nomor,
            self.nama,
            self.bobot,
            self.aspek,
            self.kapabilitas,
            self.kode,
            self.kode_singkat,
            self.sumber_eksternal,
            self.pembina_eksternal,
        )


@dataclass
class KriteriaData:
    indikator: int
    level: int
    nama: str
    deskripsi: str
    bukti: list[str]


@dataclass
class ButirData:
    indikator: int
    level: int
    nomor: int
    teks: str
    utama: bool = True
    kedaluwarsa_bulan: int | None = None
    indeks_eksternal: str = ""
    ambang: Decimal | None = None
    baris: int = 0

    def comparable(self) -> tuple:
        return (
            self.indikator,
            self.level,
            self.nomor,
            self.teks,
            self.utama,
            self.kedaluwarsa_bulan,
            self.indeks_eksternal,
            self.ambang,
        )


@dataclass
class PredikatData:
    nama: str
    batas_bawah: Decimal
    warna: str = "#6c757d"


@dataclass
class InstrumenData:
    kode: str = ""
    nama: str = ""
    dasar_hukum: str = ""
    keterangan: str = ""
    domain: list[DomainData] = field(default_factory=list)
    aspek: list[AspekData] = field(default_factory=list)
    indikator: list[IndikatorData] = field(default_factory=list)
    kriteria: list[KriteriaData] = field(default_factory=list)
    predikat: list[PredikatData] = field(default_factory=list)
    butir: list[ButirData] = field(default_factory=list)
    kredit_parsial: str = butir_rules.KreditParsial.TANPA.value
    berlaku_mulai: int | None = None
    nilai_eksternal_bawaan: Decimal | None = None
    nama_level: dict[int, str] = field(default_factory=lambda: dict(scoring.NAMA_LEVEL))

    def comparable(self) -> dict:
        """Everything that defines the instrument, for round-trip comparison."""
        return {
            "meta": (self.kode, self.nama, self.dasar_hukum, self.keterangan),
            "kredit_parsial": self.kredit_parsial,
            "berlaku_mulai": self.berlaku_mulai,
            "nilai_eksternal_bawaan": self.nilai_eksternal_bawaan,
            "nama_level": sorted(self.nama_level.items()),
            "domain": sorted((d.nomor, d.nama, d.bobot) for d in self.domain),
            "aspek": sorted((a.nomor, a.nama, a.bobot, a.domain) for a in self.aspek),
            "indikator": sorted(i.comparable() for i in self.indikator),
            "butir": sorted(b.comparable() for b in self.butir),
            "kriteria": sorted(
                (k.indikator, k.level, k.nama, k.deskripsi, tuple(k.bukti)) for k in self.kriteria
            ),
            "predikat": sorted((p.batas_bawah, p.nama, p.warna) for p in self.predikat),
        }


Galat = tuple[str, int, str]  # (sheet, spreadsheet line, message); line 0 = whole sheet

# What the database columns hold (evaluasi.models): longer text or a larger threshold is a
# row error here, never a failed insert.
PANJANG = {"nama": 255, "kode": 20, "sumber_eksternal": 255, "pembina": 255, "indeks": 255}
AMBANG_MAKS = Decimal("99999.9999")


def _terlalu_panjang(errors: list, sheet: str, line: int, values: dict[str, tuple[str, int]]):
    for label, (value, limit) in values.items():
        if len(value) > limit:
            errors.append((sheet, line, f"{label} terlalu panjang (paling banyak {limit} huruf)."))


def _decimal(text: str) -> Decimal:
    # Indonesian spreadsheets write 1,3 for 1.3.
    value = Decimal(text.replace(",", "."))
    if not value.is_finite():
        raise InvalidOperation
    return value


def _rows(header: list[str], body: list[list[str]], sheet: str, required: tuple[str, ...]):
    missing = [c for c in required if c not in header]
    if missing:
        raise SpreadsheetError(f"Lembar {sheet}: kolom wajib tidak ada: {', '.join(missing)}.")
    for line, raw in enumerate(body, start=2):
        if not any(raw):
            continue
        cells = {h: (raw[i] if i < len(raw) else "") for i, h in enumerate(header)}
        if any(cells.values()):
            yield line, cells


def parse_struktur(
    header: list[str], body: list[list[str]], data: InstrumenData, errors: list[Galat]
) -> None:
    """Fill domains, aspects and indicators from Struktur rows (weights checked in `validate`)."""
    sheet = "Struktur"
    required = ("no", "aspek_no", "aspek", "aspek_bobot", "indikator", "bobot")
    domains: dict[int, tuple[DomainData, int]] = {}
    aspects: dict[int, tuple[AspekData, int]] = {}
    seen: dict[int, int] = {}
    for line, row in _rows(header, body, sheet, required):
        try:
            nomor = int(row["no"])
            aspek_no = int(row["aspek_no"])
            bobot = _decimal(row["bobot"])
            aspek_bobot = _decimal(row["aspek_bobot"])
            domain_no = int(row["domain_no"]) if row.get("domain_no") else None
            domain_bobot = _decimal(row["domain_bobot"]) if domain_no is not None else None
        except (ValueError, InvalidOperation):
            errors.append((sheet, line, "Nomor dan bobot harus berupa angka."))
            continue
        if nomor in seen:
            errors.append(
                (sheet, line, f"Nomor indikator {nomor} sama dengan baris {seen[nomor]}.")
            )
            continue
        seen[nomor] = line
        if not row["indikator"]:
            errors.append((sheet, line, "Nama indikator kosong."))
        _terlalu_panjang(
            errors,
            sheet,
            line,
            {
                "Nama indikator": (row["indikator"], PANJANG["nama"]),
                "Nama aspek": (row["aspek"], PANJANG["nama"]),
                "Nama domain": (row.get("domain", ""), PANJANG["nama"]),
                "Kode": (row.get("kode", ""), PANJANG["kode"]),
                "Kode singkat": (row.get("kode_singkat", ""), PANJANG["kode"]),
                "Sumber eksternal": (row.get("sumber_eksternal", ""), PANJANG["sumber_eksternal"]),
                "Pembina": (row.get("pembina", ""), PANJANG["pembina"]),
            },
        )
        if bobot <= 0:
            errors.append((sheet, line, "Bobot indikator harus lebih dari 0."))
        kapabilitas = row.get("kapabilitas") or "proses"
        if kapabilitas not in KAPABILITAS:
            errors.append(
                (
                    sheet,
                    line,
                    f"Kapabilitas '{kapabilitas}' tidak dikenal; "
                    "gunakan proses atau fungsi_teknis.",
                )
            )
        if domain_no is not None:
            domain = DomainData(domain_no, row.get("domain", ""), domain_bobot)
            if domain_no not in domains:
                domains[domain_no] = (domain, line)
            elif domains[domain_no][0] != domain:
                first = domains[domain_no][1]
                errors.append(
                    (
                        sheet,
                        line,
                        f"Nama atau bobot domain {domain_no} berbeda dengan baris {first}.",
                    )
                )
        aspek = AspekData(aspek_no, row["aspek"], aspek_bobot, domain_no)
        if aspek_no not in aspects:
            aspects[aspek_no] = (aspek, line)
        elif aspects[aspek_no][0] != aspek:
            first = aspects[aspek_no][1]
            errors.append(
                (
                    sheet,
                    line,
                    f"Nama, bobot, atau domain aspek {aspek_no} berbeda dengan baris {first}.",
                )
            )
        data.indikator.append(
            IndikatorData(
                nomor,
                row["indikator"],
                bobot,
                aspek_no,
                kapabilitas,
                line,
                kode=row.get("kode", ""),
                kode_singkat=row.get("kode_singkat", ""),
                sumber_eksternal=row.get("sumber_eksternal", ""),
                pembina_eksternal=row.get("pembina", ""),
            )
        )
    data.domain = [d for d, _ in domains.values()]
    data.aspek = [a for a, _ in aspects.values()]
    if not data.indikator and not errors:
        errors.append((sheet, 0, "Tidak ada indikator."))


def parse_kriteria(
    header: list[str], body: list[list[str]], data: InstrumenData, errors: list[Galat]
) -> None:
    sheet = "Kriteria"
    seen: dict[tuple[int, int], int] = {}
    for line, row in _rows(header, body, sheet, ("indikator", "level", "kriteria")):
        try:
            indikator, level = int(row["indikator"]), int(row["level"])
        except ValueError:
            errors.append((sheet, line, "Indikator dan level harus berupa angka."))
            continue
        if not scoring.MIN_LEVEL <= level <= scoring.MAX_LEVEL:
            errors.append((sheet, line, f"Level {level} di luar 1–5."))
            continue
        if (indikator, level) in seen:
            errors.append(
                (
                    sheet,
                    line,
                    f"Kriteria indikator {indikator} level {level} sama dengan baris "
                    f"{seen[indikator, level]}.",
                )
            )
            continue
        seen[indikator, level] = line
        if not row["kriteria"]:
            errors.append((sheet, line, "Teks kriteria kosong."))
        bukti = [item.strip() for item in row.get("bukti", "").splitlines() if item.strip()]
        data.kriteria.append(
            KriteriaData(indikator, level, row.get("nama_level", ""), row["kriteria"], bukti)
        )


def parse_butir(
    header: list[str], body: list[list[str]], data: InstrumenData, errors: list[Galat]
) -> None:
    """Evidence items per level (cross-row rules in `validate`)."""
    sheet = "Butir"
    seen: dict[tuple[int, int, int], int] = {}
    for line, row in _rows(header, body, sheet, ("indikator", "level", "nomor", "butir")):
        try:
            indikator, level, nomor = int(row["indikator"]), int(row["level"]), int(row["nomor"])
        except ValueError:
            errors.append((sheet, line, "Indikator, level, dan nomor butir harus berupa angka."))
            continue
        if level not in LEVELS:
            errors.append((sheet, line, f"Level {level} di luar 1–5."))
            continue
        if not 1 <= nomor <= 99:
            errors.append((sheet, line, f"Nomor butir {nomor} di luar 1–99."))
            continue
        key = (indikator, level, nomor)
        if key in seen:
            errors.append(
                (
                    sheet,
                    line,
                    f"Butir indikator {indikator} level {level} nomor {nomor} sama dengan baris "
                    f"{seen[key]}.",
                )
            )
            continue
        seen[key] = line
        if not row["butir"]:
            errors.append((sheet, line, "Teks butir kosong."))
        jenis = (row.get("jenis") or "utama").lower()
        if jenis not in JENIS_BUTIR:
            errors.append(
                (sheet, line, f"Jenis '{jenis}' tidak dikenal; gunakan utama atau pendukung.")
            )
        kedaluwarsa = None
        if row.get("kedaluwarsa_bulan"):
            try:
                kedaluwarsa = int(row["kedaluwarsa_bulan"])
                if not 1 <= kedaluwarsa <= 120:
                    raise ValueError
            except ValueError:
                errors.append((sheet, line, "Kedaluwarsa harus bilangan bulat 1–120 (bulan)."))
                kedaluwarsa = None
        ambang = None
        if row.get("ambang"):
            try:
                ambang = _decimal(row["ambang"])
            except InvalidOperation:
                errors.append((sheet, line, "Ambang harus berupa angka."))
            else:
                if not 0 <= ambang <= AMBANG_MAKS or ambang != ambang.quantize(Decimal("0.0001")):
                    errors.append(
                        (
                            sheet,
                            line,
                            "Ambang harus angka 0–99999,9999 dengan paling banyak empat angka "
                            "di belakang koma.",
                        )
                    )
        _terlalu_panjang(
            errors,
            sheet,
            line,
            {"Indeks eksternal": (row.get("indeks_eksternal", ""), PANJANG["indeks"])},
        )
        indeks = row.get("indeks_eksternal", "")
        if bool(indeks) != bool(row.get("ambang")):
            errors.append(
                (
                    sheet,
                    line,
                    "Indeks eksternal dan ambangnya diisi keduanya atau tidak sama sekali.",
                )
            )
        data.butir.append(
            ButirData(
                indikator,
                level,
                nomor,
                row["butir"],
                jenis != "pendukung",
                kedaluwarsa,
                indeks,
                ambang,
                line,
            )
        )


def parse_meta(rows: list[Sequence[str]], data: InstrumenData, errors: list[Galat]) -> None:
    """The Instrumen sheet: key/value rows. Older workbooks without the partial-credit and
    level-name keys get the defaults (no partial credit, the usual level names)."""
    meta = {normalise_header(r[0]): (r[1] if len(r) > 1 else "") for r in rows if r and r[0]}
    data.kode = meta.get("kode", "")
    data.nama = meta.get("nama", "")
    data.dasar_hukum = meta.get("dasar_hukum", "")
    data.keterangan = meta.get("keterangan", "")
    kredit = (meta.get("kredit_parsial") or butir_rules.KreditParsial.TANPA.value).lower()
    if kredit not in KREDIT_PARSIAL:
        errors.append(
            (
                "Instrumen",
                0,
                f"Kredit parsial '{kredit}' tidak dikenal; "
                f"gunakan {' atau '.join(KREDIT_PARSIAL)}.",
            )
        )
    data.kredit_parsial = kredit
    if meta.get("nilai_eksternal_bawaan"):
        try:
            data.nilai_eksternal_bawaan = _decimal(meta["nilai_eksternal_bawaan"])
            if not (
                scoring.MIN_LEVEL <= data.nilai_eksternal_bawaan <= scoring.MAX_LEVEL
                and data.nilai_eksternal_bawaan
                == data.nilai_eksternal_bawaan.quantize(Decimal("0.0001"))
            ):
                raise InvalidOperation
        except InvalidOperation:
            errors.append(
                (
                    "Instrumen",
                    0,
                    "Nilai eksternal bawaan harus angka 1–5 (paling banyak 4 desimal).",
                )
            )
            data.nilai_eksternal_bawaan = None
    if meta.get("berlaku_mulai"):
        try:
            data.berlaku_mulai = int(meta["berlaku_mulai"])
            if not 2000 <= data.berlaku_mulai <= 2100:
                raise ValueError
        except ValueError:
            errors.append(("Instrumen", 0, "Berlaku mulai harus tahun, misalnya 2026."))
    for level in LEVELS:
        nama = meta.get(f"nama_level_{level}")
        if nama:
            data.nama_level[level] = nama


def parse_predikat(
    header: list[str], body: list[list[str]], data: InstrumenData, errors: list[Galat]
) -> None:
    sheet = "Predikat"
    for line, row in _rows(header, body, sheet, ("predikat", "batas_bawah")):
        try:
            batas = _decimal(row["batas_bawah"])
        except InvalidOperation:
            errors.append((sheet, line, "Batas bawah harus berupa angka."))
            continue
        data.predikat.append(PredikatData(row["predikat"], batas, row.get("warna") or "#6c757d"))


def validate(data: InstrumenData) -> list[Galat]:
    """Cross-row rules: weight sums, criteria for every level, bands. Returns errors."""
    errors: list[Galat] = []
    if not data.kode:
        errors.append(("Instrumen", 0, "Kode instrumen kosong."))
    if not data.nama:
        errors.append(("Instrumen", 0, "Nama instrumen kosong."))

    first_line: dict[int, int] = {}
    for ind in data.indikator:
        first_line.setdefault(ind.aspek, ind.baris)
    for aspek in data.aspek:
        total = sum((i.bobot for i in data.indikator if i.aspek == aspek.nomor), Decimal(0))
        if total != aspek.bobot:
            errors.append(
                (
                    "Struktur",
                    first_line.get(aspek.nomor, 0),
                    f"Jumlah bobot indikator aspek {aspek.nomor} = {total.normalize():f}, "
                    f"padahal bobot aspek {aspek.bobot.normalize():f}.",
                )
            )
    with_domain = [a for a in data.aspek if a.domain is not None]
    if with_domain and len(with_domain) != len(data.aspek):
        errors.append(("Struktur", 0, "Sebagian aspek memiliki domain dan sebagian tidak."))
    for domain in data.domain:
        total = sum((a.bobot for a in data.aspek if a.domain == domain.nomor), Decimal(0))
        if total != domain.bobot:
            errors.append(
                (
                    "Struktur",
                    0,
                    f"Jumlah bobot aspek domain {domain.nomor} = {total.normalize():f}, "
                    f"padahal bobot domain {domain.bobot.normalize():f}.",
                )
            )
    top = data.domain if data.domain else data.aspek
    total = sum((x.bobot for x in top), Decimal(0))
    if data.indikator and total != TOTAL:
        level = "domain" if data.domain else "aspek"
        errors.append(
            (
                "Struktur",
                0,
                f"Jumlah bobot seluruh {level} = {total.normalize():f}, seharusnya 100.",
            )
        )

    numbers = {i.nomor for i in data.indikator}
    for k in data.kriteria:
        if k.indikator not in numbers:
            errors.append(
                ("Kriteria", 0, f"Kriteria untuk indikator {k.indikator} yang tidak ada.")
            )
    have = {(k.indikator, k.level) for k in data.kriteria}
    for ind in sorted(data.indikator, key=lambda i: i.nomor):
        missing = [
            str(level)
            for level in range(scoring.MIN_LEVEL, scoring.MAX_LEVEL + 1)
            if (ind.nomor, level) not in have
        ]
        if missing:
            errors.append(
                (
                    "Kriteria",
                    0,
                    f"Indikator {ind.nomor} belum memiliki kriteria level {', '.join(missing)}.",
                )
            )

    errors.extend(_validate_butir(data))

    if not data.predikat:
        errors.append(("Predikat", 0, "Instrumen belum memiliki predikat."))
    bounds = [p.batas_bawah for p in data.predikat]
    if len(set(bounds)) != len(bounds):
        errors.append(("Predikat", 0, "Batas bawah predikat tidak boleh sama."))
    names = [p.nama for p in data.predikat]
    if len(set(names)) != len(names) or not all(names):
        errors.append(("Predikat", 0, "Nama predikat harus terisi dan berbeda satu sama lain."))
    return errors


def _validate_butir(data: InstrumenData) -> list[Galat]:
    """An indicator with items gives every level at least one required item (levels are
    cumulative, so a level without one could never be reached or would be free); an
    externally valued indicator has none; short codes are unique."""
    errors: list[Galat] = []
    by_number = {i.nomor: i for i in data.indikator}
    items: dict[int, list[ButirData]] = {}
    for b in data.butir:
        if b.indikator not in by_number:
            errors.append(
                ("Butir", b.baris, f"Butir untuk indikator {b.indikator} yang tidak ada.")
            )
            continue
        items.setdefault(b.indikator, []).append(b)
    for nomor, rows in sorted(items.items()):
        indikator = by_number[nomor]
        if indikator.sumber_eksternal:
            errors.append(
                (
                    "Butir",
                    rows[0].baris,
                    f"Indikator {nomor} dinilai dari sumber eksternal; hapus butirnya atau "
                    "kosongkan sumber eksternalnya.",
                )
            )
            continue
        tanpa_utama = [str(n) for n in LEVELS if not any(b.utama for b in rows if b.level == n)]
        if tanpa_utama:
            errors.append(
                (
                    "Butir",
                    rows[0].baris,
                    f"Indikator {nomor} belum memiliki butir utama pada level "
                    f"{', '.join(tanpa_utama)}.",
                )
            )
    codes: dict[str, int] = {}
    for ind in sorted(data.indikator, key=lambda i: i.nomor):
        code = ind.kode_singkat or f"I{ind.nomor}"
        if code in codes:
            errors.append(
                (
                    "Struktur",
                    ind.baris,
                    f"Kode singkat {code} dipakai juga oleh indikator {codes[code]}.",
                )
            )
        codes.setdefault(code, ind.nomor)
    return errors
