"""A new report kind: the evidence archive (every live evidence file of one OPD penilaian or of
the penilaian instansi as a ZIP). Only the choices change; no data moves."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluasi", "0017_usulan"),
    ]

    operations = [
        migrations.AlterField(
            model_name="laporanjob",
            name="jenis",
            field=models.CharField(
                choices=[
                    ("opd", "Laporan OPD (PDF)"),
                    ("rekap", "Rekapitulasi (PDF)"),
                    ("semua", "Semua laporan OPD"),
                    ("paket", "Paket evaluasi nasional (ZIP)"),
                    ("arsip", "Arsip bukti (ZIP)"),
                ],
                max_length=10,
            ),
        ),
    ]
