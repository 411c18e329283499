"""Employee list import: NIP, nama, jabatan, OPD, basic TPP (same rules as the OPD import)."""

import re

import tablib
from import_export import fields

from opd.imports import CachedForeignKeyWidget, OpdLookup, PreparedResource
from opd.models import Opd
from opd.spreadsheet import LINE_COLUMN, with_columns
from tpp.models import Pegawai

PEGAWAI_COLUMNS = ("nip", "nama", "jabatan", "opd", "tpp_dasar")
PEGAWAI_REQUIRED = ("nip", "nama", "opd", "tpp_dasar")


class PegawaiResource(PreparedResource):
    opd = fields.Field(
        attribute="opd", column_name="opd", widget=CachedForeignKeyWidget(Opd, field="kode")
    )

    class Meta:
        model = Pegawai
        fields = PEGAWAI_COLUMNS
        import_id_fields = ("nip",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


def parse_rupiah(raw: str) -> int:
    """'Rp 4.500.000', '4500000', '4.500.000,00' → 4500000. Raises ValueError otherwise."""
    text = raw.replace("Rp", "").replace("rp", "").replace(" ", "").strip()
    text = re.sub(r",0{1,2}$", "", text)  # a zero decimal part written with the decimal comma
    if not re.fullmatch(r"\d{1,3}(\.\d{3})+|\d+", text):
        raise ValueError(raw)
    return int(text.replace(".", ""))


def prepare_pegawai(dataset: tablib.Dataset) -> tuple[tablib.Dataset, dict[int, list[str]]]:
    present = set(dataset.headers)
    dataset = with_columns(dataset, PEGAWAI_COLUMNS)
    existing = {p.nip: p for p in Pegawai.objects.select_related("opd").order_by()}
    opds = OpdLookup()
    seen: dict[str, int] = {}
    errors: dict[int, list[str]] = {}
    cleaned = tablib.Dataset(headers=list(dataset.headers))
    for row in dataset.dict:
        line = int(row[LINE_COLUMN])
        line_errors: list[str] = []
        nip = "".join(row["nip"].split())
        if not nip:
            line_errors.append("NIP kosong.")
        elif not re.fullmatch(r"\d{18}", nip):
            line_errors.append(f"NIP '{row['nip']}' harus 18 digit angka.")
        elif nip in seen:
            line_errors.append(f"NIP sama dengan baris {seen[nip]} (duplikat dalam berkas).")
        nama = " ".join(row["nama"].split())
        if not nama:
            line_errors.append("Nama pegawai kosong.")
        ref = " ".join(row["opd"].split())
        opd = opds.find(ref)
        if not ref:
            line_errors.append("OPD kosong.")
        elif opd is None:
            line_errors.append(f"OPD '{ref}' tidak ditemukan; isi kode, nama, atau singkatan OPD.")
        try:
            tpp = parse_rupiah(row["tpp_dasar"])
        except ValueError:
            tpp = 0
            line_errors.append(
                f"TPP dasar '{row['tpp_dasar']}' harus berupa jumlah rupiah, misalnya 4.500.000."
                if row["tpp_dasar"].strip()
                else "TPP dasar kosong."
            )
        match = existing.get(nip)
        jabatan = " ".join(row["jabatan"].split())
        if "jabatan" not in present and match is not None:
            jabatan = match.jabatan
        if nip and nip not in seen:
            seen[nip] = line
        if line_errors:
            errors[line] = line_errors
        values = {
            LINE_COLUMN: line,
            "nip": nip,
            "nama": nama,
            "jabatan": jabatan,
            "opd": opd.kode if opd else ref,
            "tpp_dasar": str(tpp),
        }
        cleaned.append([values.get(h, row.get(h, "")) for h in cleaned.headers])
    return cleaned, errors
