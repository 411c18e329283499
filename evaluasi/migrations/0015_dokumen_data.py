"""Every evidence file kept so far becomes a document of its OPD with one version, and its row
a link to that version: the file stays where it is (same path, size, type and SHA-256), who
uploaded it and when are kept on the version, confidentiality on the document. One document
per file: files that happen to be equal are not merged here (uploads from now on are)."""

from pathlib import PurePosixPath

from django.db import migrations

BATCH = 1000


def _judul(nama: str) -> str:
    return (PurePosixPath(nama).stem or nama)[:255]


def _pindahkan(apps, model_name, opd_field, rahasia_field):
    Dokumen = apps.get_model("evaluasi", "Dokumen")
    DokumenVersi = apps.get_model("evaluasi", "DokumenVersi")
    Tautan = apps.get_model("evaluasi", model_name)
    rows = Tautan.objects.filter(versi__isnull=True).order_by("pk")
    while True:
        batch = list(rows.select_related(opd_field.rsplit("__", 1)[0])[:BATCH])
        if not batch:
            return
        dokumen = Dokumen.objects.bulk_create(
            [
                Dokumen(
                    opd_id=_ambil(row, opd_field),
                    judul=_judul(row.nama_asli),
                    rahasia=bool(rahasia_field and getattr(row, rahasia_field)),
                    dibuat_oleh_id=row.ditautkan_oleh_id,
                    dibuat=row.ditautkan_pada,
                )
                for row in batch
            ]
        )
        versi = DokumenVersi.objects.bulk_create(
            [
                DokumenVersi(
                    dokumen=d,
                    nomor=1,
                    nama_asli=row.nama_asli,
                    path=row.path,
                    jenis=row.jenis,
                    ukuran=row.ukuran,
                    sha256=row.sha256,
                    diunggah_oleh_id=row.ditautkan_oleh_id,
                    diunggah_pada=row.ditautkan_pada,
                )
                for row, d in zip(batch, dokumen, strict=True)
            ]
        )
        for row, v in zip(batch, versi, strict=True):
            row.versi = v
        Tautan.objects.bulk_update(batch, ["versi"])


def _ambil(row, dotted: str):
    value = row
    for part in dotted.split("__"):
        value = getattr(value, part)
    return value


def maju(apps, schema_editor):
    _pindahkan(apps, "Bukti", "jawaban__penilaian__opd_id", None)
    _pindahkan(apps, "BerkasInstansi", "isian__opd_id", "rahasia")


def mundur(apps, schema_editor):
    # The columns are still there until 0016: put the version's fields back, drop the library.
    Dokumen = apps.get_model("evaluasi", "Dokumen")
    DokumenVersi = apps.get_model("evaluasi", "DokumenVersi")
    for model_name in ("Bukti", "BerkasInstansi"):
        Tautan = apps.get_model("evaluasi", model_name)
        for row in Tautan.objects.select_related("versi__dokumen").iterator():
            v = row.versi
            row.nama_asli, row.path, row.jenis = v.nama_asli, v.path, v.jenis
            row.ukuran, row.sha256 = v.ukuran, v.sha256
            if model_name == "BerkasInstansi":
                row.rahasia = v.dokumen.rahasia
            row.versi = None
            row.save()
    DokumenVersi.objects.all().delete()
    Dokumen.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluasi", "0014_dokumen"),
    ]

    operations = [migrations.RunPython(maju, mundur)]
