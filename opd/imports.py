"""Spreadsheet import of OPDs and users through django-import-export.

Two steps per file:
1. `prepare_*` reads the whole file against one snapshot of the database and returns the
   rows cleaned to canonical values plus every row's errors. Rules that need the whole file
   (duplicates within it, generated kode, parents listed earlier) live here.
2. An import-export `ModelResource` writes the cleaned rows: it matches on the stable key
   (kode / username), skips unchanged rows, and refuses a row whose preparation found errors.

A column missing from the file keeps the existing value of a matched record (so a list
without `singkatan` never wipes abbreviations); a new record gets the default.
"""

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from import_export import fields, resources
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import Result, RowResult
from import_export.widgets import BooleanWidget, ForeignKeyWidget

from opd.models import JenisOpd, Opd, Pengguna, Peran
from opd.spreadsheet import LINE_COLUMN, with_columns

OPD_COLUMNS = ("kode", "nama", "singkatan", "jenis", "induk", "aktif", "urutan")
OPD_REQUIRED = ("nama", "jenis")
PENGGUNA_COLUMNS = ("username", "nama", "nip", "email", "peran", "opd", "aktif")
PENGGUNA_REQUIRED = ("username", "nama", "peran")

GENERATED_KODE = re.compile(r"^OPD-(\d+)$")
# A background import reports its progress after every this many rows.
PROGRESS_EVERY = 250
TRUE_WORDS = {"1", "ya", "y", "true", "benar", "aktif", "yes"}
FALSE_WORDS = {"0", "tidak", "t", "false", "salah", "nonaktif", "no", "tidak aktif"}


def first_free_kode_number(kodes) -> int:
    """The number after the highest generated kode (OPD-NNN) among `kodes`."""
    numbers = [int(m.group(1)) for kode in kodes if (m := GENERATED_KODE.match(kode))]
    return max(numbers, default=0) + 1


def generated_kode(number: int) -> str:
    return f"OPD-{number:03d}"


def name_key(nama: str) -> str:
    """Matching key of a name: whitespace collapsed, case folded."""
    return " ".join(nama.split()).casefold()


class OpdLookup:
    """Finds an OPD by kode, name or abbreviation (names and abbreviations normalised)."""

    def __init__(self, opds=None):
        opds = list(opds if opds is not None else Opd.objects.order_by())
        self.by_kode = {o.kode: o for o in opds}
        self.by_name = {name_key(o.nama): o for o in opds}
        self.by_singkatan = {name_key(o.singkatan): o for o in opds if o.singkatan}

    def find(self, ref: str) -> Opd | None:
        ref = " ".join(ref.split())
        return (
            self.by_kode.get(ref)
            or self.by_name.get(name_key(ref))
            or self.by_singkatan.get(name_key(ref))
        )


# --- Results --------------------------------------------------------------------------------


class Status:
    BARU = "baru"
    DIPERBARUI = "diperbarui"
    TETAP = "tetap"
    GALAT = "galat"


STATUS_LABEL = {
    Status.BARU: "Baru",
    Status.DIPERBARUI: "Diperbarui",
    Status.TETAP: "Tidak berubah",
    Status.GALAT: "Bermasalah",
}


@dataclass
class BarisImpor:
    baris: int
    status: str
    data: dict[str, str]
    pesan: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABEL[self.status]


@dataclass
class HasilImpor:
    """Outcome of one import run (preview or real)."""

    kolom: list[str]
    baris: list[BarisImpor]
    disimpan: bool
    galat_umum: list[str] = field(default_factory=list)
    # Only on a result read back from a job (from_json), whose `baris` keeps some rows: the
    # counts over the whole file, per status plus "pesan_galat" and "baris".
    jumlah: dict[str, int] | None = None

    def _count(self, status: str) -> int:
        if self.jumlah is not None:
            return self.jumlah.get(status, 0)
        return sum(1 for b in self.baris if b.status == status)

    @property
    def dibuat(self) -> int:
        return self._count(Status.BARU) if self.disimpan else 0

    @property
    def diperbarui(self) -> int:
        return self._count(Status.DIPERBARUI) if self.disimpan else 0

    @property
    def akan_dibuat(self) -> int:
        return self._count(Status.BARU)

    @property
    def akan_diperbarui(self) -> int:
        return self._count(Status.DIPERBARUI)

    @property
    def tidak_berubah(self) -> int:
        return self._count(Status.TETAP)

    @property
    def galat(self) -> list[tuple[int, str]]:
        """Every error as (spreadsheet line, message); line 0 for file-wide errors."""
        result = [(0, pesan) for pesan in self.galat_umum]
        for b in self.baris:
            result.extend((b.baris, pesan) for pesan in b.pesan)
        return result

    @property
    def jumlah_galat(self) -> int:
        """How many error messages the whole file has (`galat` may list fewer)."""
        return self.jumlah["pesan_galat"] if self.jumlah is not None else len(self.galat)

    @property
    def baris_tidak_ditampilkan(self) -> int:
        """Rows of the file that a stored result leaves out of its table."""
        return self.jumlah["baris"] - len(self.baris) if self.jumlah is not None else 0

    @property
    def ada_galat(self) -> bool:
        return bool(self.galat_umum) or self._count(Status.GALAT) > 0

    @property
    def ringkasan(self) -> str:
        if self.disimpan:
            return (
                f"{self.dibuat} dibuat, {self.diperbarui} diperbarui, "
                f"{self.tidak_berubah} tidak berubah"
            )
        return (
            f"{self.akan_dibuat} akan dibuat, {self.akan_diperbarui} akan diperbarui, "
            f"{self.tidak_berubah} tidak berubah, {self.jumlah_galat} galat"
        )

    def to_json(self, *, max_rows: int, max_error_rows: int) -> dict:
        """A JSON-ready copy to keep on a job: the counts over every row, the rows with an error
        (at most `max_error_rows`) and the first `max_rows` other rows, in file order."""
        faulty = [b for b in self.baris if b.status == Status.GALAT or b.pesan]
        others = [b for b in self.baris if not (b.status == Status.GALAT or b.pesan)]
        shown = sorted(faulty[:max_error_rows] + others[:max_rows], key=lambda b: b.baris)
        return {
            "kolom": list(self.kolom),
            "baris": [asdict(b) for b in shown],
            "disimpan": self.disimpan,
            "galat_umum": list(self.galat_umum),
            "jumlah": {
                **{status: self._count(status) for status in STATUS_LABEL},
                "pesan_galat": self.jumlah_galat,
                "baris": len(self.baris) + self.baris_tidak_ditampilkan,
            },
        }

    @classmethod
    def from_json(cls, data: dict) -> "HasilImpor":
        """The result `to_json` kept, with the counts of the whole file."""
        return cls(
            kolom=data["kolom"],
            baris=[BarisImpor(**b) for b in data["baris"]],
            disimpan=data["disimpan"],
            galat_umum=data["galat_umum"],
            jumlah=data["jumlah"],
        )


def run_import(
    resource: "PreparedResource",
    dataset: tablib.Dataset,
    errors: dict[int, list[str]],
    columns: tuple[str, ...],
    *,
    dry_run: bool,
    progress: Callable[[int], None] | None = None,
) -> HasilImpor:
    """Run `resource` over the prepared `dataset`; save only when asked and error-free.

    `progress(rows_done)` is called every PROGRESS_EVERY rows and once at the end; it runs
    inside the import's transaction, so it must not write to the database.
    """
    resource.on_progress = progress
    result: Result = resource.import_data(
        dataset,
        # A file with any error imports nothing: run it as a preview only.
        dry_run=dry_run or bool(errors),
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
    )
    baris = []
    for data_row, row_result in zip(dataset.dict, result.rows, strict=True):
        line = int(data_row[LINE_COLUMN])
        data = {c: data_row.get(c, "") for c in columns}
        baris.append(_baris_from_row_result(line, data, row_result))
    if progress is not None and len(dataset) % PROGRESS_EVERY:
        progress(len(dataset))
    galat_umum = [str(e.error) for e in result.base_errors]
    hasil = HasilImpor(kolom=list(columns), baris=baris, disimpan=False, galat_umum=galat_umum)
    hasil.disimpan = not dry_run and not hasil.ada_galat
    return hasil


def _baris_from_row_result(line: int, data: dict[str, str], row_result: RowResult) -> BarisImpor:
    if row_result.import_type == RowResult.IMPORT_TYPE_INVALID:
        return BarisImpor(line, Status.GALAT, data, _messages(row_result.validation_error))
    if row_result.import_type == RowResult.IMPORT_TYPE_ERROR:
        pesan = [f"Tidak dapat disimpan: {e.error}" for e in row_result.errors]
        return BarisImpor(line, Status.GALAT, data, pesan)
    status = {
        RowResult.IMPORT_TYPE_NEW: Status.BARU,
        RowResult.IMPORT_TYPE_UPDATE: Status.DIPERBARUI,
    }.get(row_result.import_type, Status.TETAP)
    return BarisImpor(line, status, data)


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        result = []
        for name, errors in error.error_dict.items():
            for message in ValidationError(errors).messages:
                result.append(message if name == "__all__" else f"{name}: {message}")
        return result
    return list(error.messages)


class PreloadedInstanceLoader(ModelInstanceLoader):
    """Finds the records a file matches in a few queries instead of one query per row.

    Only for a single import id field (kode, username, nip); with more, each row is
    looked up on its own as import-export does. Foreign keys come along (select_related),
    so comparing a row with its record costs no query either.
    """

    CHUNK = 500

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.by_key: dict | None = None
        id_fields = resource.get_import_id_fields()
        if dataset is None or len(id_fields) != 1:
            return
        self.key_field = resource.fields[id_fields[0]]
        self.by_key = {}
        if self.key_field.column_name not in dataset.headers:
            return
        keys = set()
        for row in dataset.dict:
            try:
                keys.add(self.key_field.clean(row))
            except Exception:  # noqa: S112 - the row reports it again when it is imported
                continue
        model = resource._meta.model
        attributes = {f.attribute for f in resource.fields.values()}
        related = [
            f.name for f in model._meta.concrete_fields if f.many_to_one and f.name in attributes
        ]
        keys = [k for k in keys if k not in (None, "")]
        for start in range(0, len(keys), self.CHUNK):
            chunk = keys[start : start + self.CHUNK]
            qs = self.get_queryset().filter(**{f"{self.key_field.attribute}__in": chunk})
            for obj in qs.select_related(*related).order_by():
                self.by_key[self.key_field.get_value(obj)] = obj

    def get_instance(self, row):
        if self.by_key is None:
            return super().get_instance(row)
        return self.by_key.get(self.key_field.clean(row))


class CachedForeignKeyWidget(ForeignKeyWidget):
    """A ForeignKeyWidget that looks each referenced record up once per import.

    Misses are not remembered: a record created by an earlier row of the same file
    (an OPD's parent) is still found.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.found: dict = {}

    def get_instance_by_lookup_fields(self, value, row, **kwargs):
        if value not in self.found:
            self.found[value] = super().get_instance_by_lookup_fields(value, row, **kwargs)
        return self.found[value]


class PreparedResource(resources.ModelResource):
    """A resource that refuses the rows its preparation step found faulty."""

    class Meta:
        instance_loader_class = PreloadedInstanceLoader
        # The preview table shows our own columns; import-export's HTML diff is never read.
        skip_html_diff = True

    # Told the number of rows done every PROGRESS_EVERY rows (set by run_import).
    on_progress: Callable[[int], None] | None = None

    def __init__(self, row_errors: dict[int, list[str]] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.row_errors = row_errors or {}

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        done = kwargs.get("row_number", 0)
        if self.on_progress is not None and done % PROGRESS_EVERY == 0:
            self.on_progress(done)
        return row_result

    def before_import_row(self, row, **kwargs):
        messages = self.row_errors.get(int(row[LINE_COLUMN]))
        if messages:
            raise ValidationError(messages)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Model.full_clean() without the two per-row queries whose answer is already known.

        - A foreign key set from a record just looked up exists: its existence query is skipped.
        - With the preloaded loader (one import id field), a new row's key is not in the table
          and an updated row keeps its own, so the uniqueness query on that field is skipped.
        Every other check (field validators, clean(), other unique fields, constraints) runs as
        in full_clean; a race with another writer still ends in a database error for the row.
        """
        errors = dict(import_validation_errors or {})
        if not self._meta.clean_model_instances:
            if errors:
                raise ValidationError(errors)
            return
        exclude = set(errors)
        found = {
            f.name
            for f in instance._meta.concrete_fields
            if f.many_to_one
            and getattr(instance, f.attname) is not None
            and getattr(f.get_cached_value(instance, None), "pk", None)
            == getattr(instance, f.attname)
        }
        try:
            instance.clean_fields(exclude=exclude | found)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        try:
            instance.clean()
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
        if validate_unique:
            id_fields = self.get_import_id_fields()
            known = (
                {self.fields[id_fields[0]].attribute}
                if len(id_fields) == 1
                and self._meta.instance_loader_class is PreloadedInstanceLoader
                else set()
            )
            try:
                instance.validate_unique(exclude=exclude | known)
            except ValidationError as e:
                errors = e.update_error_dict(errors)
            exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
        try:
            instance.validate_constraints(exclude=exclude)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


def _parse_bool(raw: str, line_errors: list[str], label: str) -> bool | None:
    value = raw.strip().casefold()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    line_errors.append(f"Nilai {label} '{raw}' tidak dikenal; gunakan ya/tidak atau 1/0.")
    return None


# --- OPD ------------------------------------------------------------------------------------


class OpdResource(PreparedResource):
    induk = fields.Field(
        attribute="induk", column_name="induk", widget=CachedForeignKeyWidget(Opd, field="kode")
    )

    class Meta:
        model = Opd
        fields = OPD_COLUMNS
        import_id_fields = ("kode",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


def _jenis_lookup() -> dict[str, str]:
    lookup = {value.casefold(): value for value in JenisOpd.values}
    lookup.update({label.casefold(): value for value, label in JenisOpd.choices})
    return lookup


def prepare_opd(
    dataset: tablib.Dataset, *, existing: list[Opd] | None = None
) -> tuple[tablib.Dataset, dict[int, list[str]]]:
    """Clean an OPD list and find every row's errors, against one snapshot of the OPD table
    (`existing`, every OPD with its induk; read here when not given).

    Returns the dataset with canonical values in OPD_COLUMNS (generated kode for new OPDs,
    induk as a kode, aktif as 1/0) and {spreadsheet line: [messages]}.
    """
    present = set(dataset.headers)
    dataset = with_columns(dataset, OPD_COLUMNS)
    if existing is None:
        existing = list(Opd.objects.select_related("induk").order_by())
    by_kode = {o.kode: o for o in existing}
    by_name = {name_key(o.nama): o for o in existing}
    next_number = first_free_kode_number(by_kode)
    # A generated kode never takes one the file gives another row, even a later one.
    file_kodes = {kode.strip() for kode in dataset["kode"]}
    jenis_lookup = _jenis_lookup()
    allowed_jenis = ", ".join(JenisOpd.values)

    seen_kode: dict[str, int] = {}
    seen_name: dict[str, int] = {}
    file_kode_by_name: dict[str, str] = {}
    errors: dict[int, list[str]] = {}
    cleaned = tablib.Dataset(headers=list(dataset.headers))

    for position, row in enumerate(dataset.dict, start=1):
        line = int(row[LINE_COLUMN])
        line_errors: list[str] = []
        nama = " ".join(row["nama"].split())
        key = name_key(nama)
        kode = row["kode"].strip()

        if not nama:
            line_errors.append("Nama OPD kosong.")
        elif len(nama) > 255:
            line_errors.append("Nama OPD lebih dari 255 karakter.")
        elif key in seen_name:
            line_errors.append(
                f"Nama OPD sama dengan baris {seen_name[key]} (duplikat dalam berkas)."
            )

        jenis_raw = row["jenis"].strip()
        jenis = jenis_lookup.get(jenis_raw.casefold(), "")
        if not jenis_raw:
            line_errors.append("Jenis OPD kosong.")
        elif not jenis:
            line_errors.append(
                f"Jenis '{jenis_raw}' tidak dikenal; gunakan salah satu dari: {allowed_jenis}."
            )

        match = by_name.get(key) if nama else None
        if kode:
            if len(kode) > 30 or " " in kode:
                line_errors.append("Kode OPD paling banyak 30 karakter tanpa spasi.")
            if kode in seen_kode:
                line_errors.append(
                    f"Kode {kode} sama dengan baris {seen_kode[kode]} (duplikat dalam berkas)."
                )
            if match is not None and match.kode != kode:
                line_errors.append(
                    f"Nama '{nama}' sudah dipakai OPD lain yang berkode {match.kode} "
                    "(duplikat OPD yang sudah ada)."
                )
            match = by_kode.get(kode)
        elif match is not None:
            kode = match.kode
        elif nama:
            while generated_kode(next_number) in file_kodes:
                next_number += 1
            kode = generated_kode(next_number)
            next_number += 1

        singkatan = " ".join(row["singkatan"].split())
        if "singkatan" not in present and match is not None:
            singkatan = match.singkatan
        if len(singkatan) > 60:
            line_errors.append("Singkatan lebih dari 60 karakter.")

        aktif = match.aktif if match is not None else True
        if "aktif" in present and row["aktif"].strip():
            parsed = _parse_bool(row["aktif"], line_errors, "aktif")
            aktif = aktif if parsed is None else parsed

        urutan = match.urutan if match is not None else position
        if "urutan" in present and row["urutan"].strip():
            try:
                urutan = int(row["urutan"])
                if urutan < 0:
                    raise ValueError
            except ValueError:
                line_errors.append(f"Urutan '{row['urutan']}' harus bilangan bulat 0 atau lebih.")

        induk = match.induk.kode if match is not None and match.induk else ""
        if "induk" in present:
            induk = ""
            ref = " ".join(row["induk"].split())
            if ref and (ref == kode or name_key(ref) == key):
                line_errors.append("OPD tidak boleh menjadi induk dirinya sendiri.")
            elif ref:
                induk = (
                    ref
                    if ref in seen_kode or ref in by_kode
                    else file_kode_by_name.get(name_key(ref))
                    or getattr(by_name.get(name_key(ref)), "kode", "")
                )
                if not induk:
                    line_errors.append(
                        f"OPD induk '{ref}' tidak ditemukan: isi kode atau nama OPD yang sudah "
                        "ada atau yang tercantum di baris sebelumnya."
                    )

        if nama and key not in seen_name:
            seen_name[key] = line
            file_kode_by_name[key] = kode
        if kode and kode not in seen_kode:
            seen_kode[kode] = line
        if line_errors:
            errors[line] = line_errors
        values = {
            LINE_COLUMN: line,
            "kode": kode,
            "nama": nama,
            "singkatan": singkatan,
            "jenis": jenis or jenis_raw,
            "induk": induk,
            "aktif": "1" if aktif else "0",
            "urutan": str(urutan),
        }
        cleaned.append([values.get(h, row.get(h, "")) for h in cleaned.headers])
    return cleaned, errors


# --- Pengguna -------------------------------------------------------------------------------

USERNAME_RE = re.compile(r"^[\w.@+-]{3,150}$")


class PenggunaResource(PreparedResource):
    opd = fields.Field(
        attribute="opd", column_name="opd", widget=CachedForeignKeyWidget(Opd, field="kode")
    )
    is_active = fields.Field(attribute="is_active", column_name="aktif", widget=BooleanWidget())

    class Meta:
        model = Pengguna
        fields = ("username", "nama", "nip", "email", "peran", "opd", "is_active")
        import_id_fields = ("username",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            # Imported people choose their own password through the set-password e-mail.
            instance.set_unusable_password()


def _peran_lookup() -> dict[str, str]:
    lookup = {value.casefold(): value for value in Peran.values}
    lookup.update({label.casefold(): value for value, label in Peran.choices})
    lookup["operator"] = Peran.OPERATOR
    return lookup


def prepare_pengguna(dataset: tablib.Dataset) -> tuple[tablib.Dataset, dict[int, list[str]]]:
    """Clean a user list and find every row's errors (see `prepare_opd`)."""
    present = set(dataset.headers)
    dataset = with_columns(dataset, PENGGUNA_COLUMNS)
    existing = {u.username: u for u in Pengguna.objects.select_related("opd").order_by()}
    nip_owner = {u.nip: u.username for u in existing.values() if u.nip}
    opds = OpdLookup()
    peran_lookup = _peran_lookup()
    allowed_peran = ", ".join(label for _, label in Peran.choices)

    seen_username: dict[str, int] = {}
    seen_nip: dict[str, int] = {}
    errors: dict[int, list[str]] = {}
    cleaned = tablib.Dataset(headers=list(dataset.headers))

    for row in dataset.dict:
        line = int(row[LINE_COLUMN])
        line_errors: list[str] = []
        username = row["username"].strip().lower()
        match = existing.get(username)

        if not username:
            line_errors.append("Nama pengguna kosong.")
        elif not USERNAME_RE.match(username):
            line_errors.append(
                f"Nama pengguna '{username}' tidak sah: 3–150 karakter huruf, angka, "
                "atau . @ + - _."
            )
        elif username in seen_username:
            line_errors.append(
                f"Nama pengguna {username} sama dengan baris {seen_username[username]} "
                "(duplikat dalam berkas)."
            )

        nama = " ".join(row["nama"].split())
        if not nama:
            line_errors.append("Nama pengguna kosong.")

        peran_raw = row["peran"].strip()
        peran = peran_lookup.get(peran_raw.casefold(), "")
        if not peran:
            line_errors.append(
                f"Peran '{peran_raw}' tidak dikenal; gunakan salah satu dari: {allowed_peran}."
                if peran_raw
                else "Peran kosong."
            )

        nip = "".join(row["nip"].split()) if "nip" in present else (match.nip if match else "")
        if nip:
            if not re.fullmatch(r"\d{18}", nip):
                line_errors.append(f"NIP '{row['nip']}' harus 18 digit angka.")
            elif nip in seen_nip:
                line_errors.append(
                    f"NIP sama dengan baris {seen_nip[nip]} (duplikat dalam berkas)."
                )
            elif nip_owner.get(nip, username) != username:
                line_errors.append(f"NIP sudah dipakai pengguna lain ({nip_owner[nip]}).")

        email = (
            row["email"].strip().lower() if "email" in present else (match.email if match else "")
        )
        if email:
            try:
                validate_email(email)
            except ValidationError:
                line_errors.append(f"Email '{email}' tidak sah.")

        opd_kode = match.opd.kode if match and match.opd else ""
        if "opd" in present:
            ref = " ".join(row["opd"].split())
            opd = opds.find(ref)
            opd_kode = opd.kode if opd else ""
            if ref and not opd:
                line_errors.append(
                    f"OPD '{ref}' tidak ditemukan; isi kode, nama, atau singkatan OPD."
                )
        if peran == Peran.OPERATOR and not opd_kode and not any("OPD '" in e for e in line_errors):
            line_errors.append("Operator OPD wajib memiliki OPD.")

        aktif = match.is_active if match else True
        if "aktif" in present and row["aktif"].strip():
            parsed = _parse_bool(row["aktif"], line_errors, "aktif")
            aktif = aktif if parsed is None else parsed

        if username and username not in seen_username:
            seen_username[username] = line
        if nip and nip not in seen_nip:
            seen_nip[nip] = line
        if line_errors:
            errors[line] = line_errors
        values = {
            LINE_COLUMN: line,
            "username": username,
            "nama": nama,
            "nip": nip,
            "email": email,
            "peran": peran or peran_raw,
            "opd": opd_kode,
            "aktif": "1" if aktif else "0",
        }
        cleaned.append([values.get(h, row.get(h, "")) for h in cleaned.headers])
    return cleaned, errors
