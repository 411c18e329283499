"""Application inventory import (.xlsx/.csv), matched on OPD + application name."""

import tablib
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from import_export import fields
from import_export.widgets import BooleanWidget

from arsitektur.forms import validate_name_servers
from arsitektur.models import Aplikasi, Basis
from opd.imports import CachedForeignKeyWidget, OpdLookup, PreparedResource, _parse_bool, name_key
from opd.models import Opd
from opd.spreadsheet import LINE_COLUMN, with_columns

APLIKASI_COLUMNS = (
    "opd",
    "nama",
    "deskripsi",
    "url",
    "tahun_pembuatan",
    "basis",
    "penyedia_hosting",
    "api_tersedia",
    "kode_sumber_dimiliki",
    "name_server",
    "aktif",
)
APLIKASI_REQUIRED = ("opd", "nama")
BOOLEAN_COLUMNS = ("api_tersedia", "kode_sumber_dimiliki", "aktif")


class AplikasiResource(PreparedResource):
    opd = fields.Field(
        attribute="opd", column_name="opd", widget=CachedForeignKeyWidget(Opd, field="kode")
    )
    api_tersedia = fields.Field(
        attribute="api_tersedia", column_name="api_tersedia", widget=BooleanWidget()
    )
    kode_sumber_dimiliki = fields.Field(
        attribute="kode_sumber_dimiliki", column_name="kode_sumber_dimiliki", widget=BooleanWidget()
    )
    aktif = fields.Field(attribute="aktif", column_name="aktif", widget=BooleanWidget())

    class Meta:
        model = Aplikasi
        fields = APLIKASI_COLUMNS
        import_id_fields = ("opd", "nama")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


def prepare_aplikasi(dataset: tablib.Dataset) -> tuple[tablib.Dataset, dict[int, list[str]]]:
    present = set(dataset.headers)
    dataset = with_columns(dataset, APLIKASI_COLUMNS)
    opds = OpdLookup()
    existing = {(a.opd_id, name_key(a.nama)): a for a in Aplikasi.objects.order_by()}
    basis_lookup = {v: v for v in Basis.values} | {
        label.casefold(): v for v, label in Basis.choices
    }
    url_ok = URLValidator(schemes=["http", "https"])
    seen: dict[tuple, int] = {}
    errors: dict[int, list[str]] = {}
    cleaned = tablib.Dataset(headers=list(dataset.headers))
    for row in dataset.dict:
        line = int(row[LINE_COLUMN])
        line_errors: list[str] = []
        ref = " ".join(row["opd"].split())
        opd = opds.find(ref)
        if opd is None:
            line_errors.append(f"OPD '{ref}' tidak ditemukan." if ref else "OPD kosong.")
        nama = " ".join(row["nama"].split())
        if not nama:
            line_errors.append("Nama aplikasi kosong.")
        key = (opd.pk if opd else ref, name_key(nama))
        if nama and key in seen:
            line_errors.append(f"Aplikasi sama dengan baris {seen[key]} (duplikat dalam berkas).")
        match = existing.get(key)
        url = row["url"].strip()
        if url:
            try:
                url_ok(url)
            except ValidationError:
                line_errors.append(f"URL '{url}' tidak sah (awali dengan https://).")
        tahun = row["tahun_pembuatan"].strip()
        if tahun and not (tahun.isascii() and tahun.isdigit() and 1990 <= int(tahun) <= 2100):
            line_errors.append(f"Tahun pembuatan '{tahun}' harus tahun empat digit.")
        basis_raw = row["basis"].strip()
        basis = (
            basis_lookup.get(basis_raw.casefold(), "")
            if basis_raw
            else (match.basis if match else Basis.WEB)
        )
        if not basis:
            line_errors.append(
                f"Basis '{basis_raw}' tidak dikenal; gunakan web, android, ios, atau desktop."
            )
        name_server = row["name_server"].strip()
        if name_server:
            try:
                name_server = validate_name_servers(name_server)
            except ValidationError as exc:
                line_errors.extend(exc.messages)
        booleans = {}
        for column in BOOLEAN_COLUMNS:
            default = getattr(match, column) if match else column == "aktif"
            value = default
            if column in present and row[column].strip():
                parsed = _parse_bool(row[column], line_errors, column)
                value = default if parsed is None else parsed
            booleans[column] = "1" if value else "0"
        if nama and key not in seen:
            seen[key] = line
        if line_errors:
            errors[line] = line_errors
        values = {
            LINE_COLUMN: line,
            "opd": opd.kode if opd else ref,
            "nama": match.nama if match else nama,
            "deskripsi": row["deskripsi"]
            if "deskripsi" in present
            else (match.deskripsi if match else ""),
            "url": url,
            "tahun_pembuatan": tahun,
            "basis": basis or basis_raw,
            "penyedia_hosting": row["penyedia_hosting"],
            "name_server": name_server,
            **booleans,
        }
        cleaned.append([values.get(h, row.get(h, "")) for h in cleaned.headers])
    return cleaned, errors
