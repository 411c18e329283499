"""Per-period sums of the OPDs' cached aspect/domain values (RingkasanPeriode), which the
dashboard averages from instead of reading every penilaian's JSON; existing periods are
filled from their penilaian here, the services keep them from then on."""

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models

from evaluasi import ringkasan


def isi(apps, schema_editor):
    Periode = apps.get_model("evaluasi", "Periode")
    Penilaian = apps.get_model("evaluasi", "Penilaian")
    RingkasanPeriode = apps.get_model("evaluasi", "RingkasanPeriode")
    for periode_id in Periode.objects.order_by("pk").values_list("pk", flat=True):
        rows = Penilaian.objects.filter(periode_id=periode_id).order_by("pk")
        jumlah = ringkasan.jumlahkan(
            ringkasan.kontribusi(**row) for row in rows.values(*ringkasan.KOLOM).iterator()
        )
        RingkasanPeriode.objects.bulk_create(
            RingkasanPeriode(periode_id=periode_id, jenis=j, tahap=t, nomor=n, jumlah=c, total=s)
            for (j, t, n), (c, s) in jumlah.items()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluasi", "0025_laporan_sisa"),
    ]

    operations = [
        migrations.CreateModel(
            name="RingkasanPeriode",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("jenis", models.CharField(max_length=6)),
                ("tahap", models.CharField(max_length=7)),
                ("nomor", models.PositiveSmallIntegerField()),
                ("jumlah", models.PositiveIntegerField(default=0)),
                (
                    "total",
                    models.DecimalField(decimal_places=2, default=Decimal("0"), max_digits=12),
                ),
                (
                    "periode",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="ringkasan",
                        to="evaluasi.periode",
                    ),
                ),
            ],
            options={
                "verbose_name": "ringkasan periode",
                "verbose_name_plural": "ringkasan periode",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("periode", "jenis", "tahap", "nomor"),
                        name="ringkasan_periode_unik",
                    )
                ],
            },
        ),
        migrations.RunPython(isi, migrations.RunPython.noop),
    ]
