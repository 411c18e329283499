# The per-period summary now also sums the whole index (jenis "indeks", nomor 0), which the
# pemda's trend reads: rebuild every period's rows with the same fill as 0026.

import importlib

from django.db import migrations


def bangun_ulang(apps, schema_editor):
    apps.get_model("evaluasi", "RingkasanPeriode").objects.all().delete()
    importlib.import_module("evaluasi.migrations.0026_ringkasan_periode").isi(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluasi", "0026_ringkasan_periode"),
    ]

    operations = [
        migrations.RunPython(bangun_ulang, migrations.RunPython.noop),
    ]
