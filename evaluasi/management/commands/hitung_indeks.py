"""python manage.py hitung_indeks: compute an index from levels, for scripting and audits.

    --levels 3,2,3,…        one value per indicator in instrument order (0 or empty =
                            unanswered); fractional values with a dot: 2,1.5,1.1667,…
    --file FILE.csv         columns indikator,level instead of --levels
    --instrumen KODE        default: the default instrument (PermenPANRB 59/2020)
    --na 45,46,47           not-applicable indicator numbers

Prints JSON; values are strings with two decimals, `indeks_presisi` unrounded. Bad input:
a message naming the problem on stderr and exit code 2.
"""

import csv
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluasi import scoring
from evaluasi.instrumen.selectors import instrumen_default, scoring_def
from evaluasi.models import Instrumen


class InputError(CommandError):
    def __init__(self, message: str):
        super().__init__(message, returncode=2)


def _int(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InputError(f"{what} '{text}' bukan bilangan bulat.") from None


def _nilai(text: str, what: str) -> Decimal:
    """An indicator value: a whole level or a decimal with a dot (1.5, 1.1667)."""
    if "," in text:
        raise InputError(f"{what} '{text}': gunakan titik sebagai pemisah desimal (1.5).")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InputError(f"{what} '{text}' bukan angka.") from None
    if not value.is_finite():
        raise InputError(f"{what} '{text}' bukan angka.")
    return value


def parse_levels(text: str, numbers: tuple[int, ...]) -> dict[int, Decimal | None]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != len(numbers):
        raise InputError(
            f"--levels berisi {len(parts)} nilai, padahal instrumen memiliki "
            f"{len(numbers)} indikator."
        )
    return {
        n: (_nilai(p, f"Level indikator {n}") if p else None)
        for n, p in zip(numbers, parts, strict=True)
    }


def parse_file(path: Path, numbers: tuple[int, ...]) -> dict[int, Decimal | None]:
    if not path.is_file():
        raise InputError(f"Berkas tidak ditemukan: {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        headers = [(h or "").strip().lower() for h in reader.fieldnames or []]
        if "indikator" not in headers or "level" not in headers:
            raise InputError("Berkas CSV harus memiliki kolom indikator dan level.")
        levels: dict[int, Decimal | None] = {}
        for line, row in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            nomor = _int(row["indikator"], f"Baris {line}: indikator")
            if nomor in levels:
                raise InputError(f"Baris {line}: indikator {nomor} muncul dua kali.")
            level = row["level"]
            levels[nomor] = _nilai(level, f"Baris {line}: level") if level else None
    unknown = sorted(set(levels) - set(numbers))
    if unknown:
        raise InputError(f"Indikator tidak dikenal: {', '.join(map(str, unknown))}.")
    return levels


def _two(value) -> str:
    return f"{value:.2f}"


class Command(BaseCommand):
    help = (
        "Hitung indeks, predikat, nilai aspek dan domain dari level per indikator (keluaran JSON)."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--levels", help="level per indikator sesuai urutan, dipisah koma")
        source.add_argument("--file", help="berkas CSV dengan kolom indikator,level")
        parser.add_argument("--instrumen", help="kode instrumen (bawaan: PermenPANRB 59/2020)")
        parser.add_argument(
            "--na", default="", help="nomor indikator yang tidak berlaku, dipisah koma"
        )

    def handle(self, *args, levels=None, file=None, instrumen=None, na="", **options):
        if instrumen:
            obj = Instrumen.objects.filter(kode=instrumen).first()
            if obj is None:
                raise InputError(f"Instrumen dengan kode '{instrumen}' tidak ditemukan.")
        else:
            obj = instrumen_default()
            if obj is None:
                raise InputError("Belum ada instrumen bawaan; jalankan manage.py muat_instrumen.")
        definition = scoring_def(obj)
        numbers = definition.nomor
        values = (
            parse_levels(levels, numbers) if levels is not None else parse_file(Path(file), numbers)
        )
        not_applicable = {
            _int(p.strip(), "Nomor indikator --na") for p in na.split(",") if p.strip()
        }
        try:
            hasil = scoring.hitung(definition, values, not_applicable)
        except ValueError as exc:
            raise InputError(str(exc)) from exc
        output = {
            "instrumen": obj.kode,
            "indeks": _two(hasil.indeks),
            "indeks_presisi": f"{hasil.indeks_presisi.normalize():f}",
            "predikat": hasil.predikat,
            "lengkap": hasil.lengkap,
            "belum_dijawab": list(hasil.belum_dijawab),
            "aspek": {str(k): _two(v) for k, v in hasil.aspek.items()},
            "domain": {str(k): _two(v) for k, v in hasil.domain.items()},
        }
        self.stdout.write(json.dumps(output, ensure_ascii=False))
