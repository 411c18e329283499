"""The per-period summary also counts the penilaian (per status, not started, per final
predikat) and sums the self index of the final ones, so the dashboard and period page no
longer count every penilaian on each view: wider key columns, then every period's rows
rebuilt from its penilaian (the services keep them from then on)."""

from django.db import migrations, models

from evaluasi import ringkasan


def bangun_ulang(apps, schema_editor):
    Periode = apps.get_model("evaluasi", "Periode")
    Penilaian = apps.get_model("evaluasi", "Penilaian")
    RingkasanPeriode = apps.get_model("evaluasi", "RingkasanPeriode")
    RingkasanPeriode.objects.all().delete()
    for periode_id in Periode.objects.order_by("pk").values_list("pk", flat=True):
        rows = Penilaian.objects.filter(periode_id=periode_id).order_by("pk")
        jumlah = ringkasan.jumlahkan(
            ringkasan.ringkas(**row) for row in rows.values(*ringkasan.KOLOM_RINGKAS).iterator()
        )
        RingkasanPeriode.objects.bulk_create(
            RingkasanPeriode(periode_id=periode_id, jenis=j, tahap=t, nomor=n, jumlah=c, total=s)
            for (j, t, n), (c, s) in jumlah.items()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluasi", "0028_penilaian_selisih"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ringkasanperiode",
            name="jenis",
            field=models.CharField(max_length=10),
        ),
        migrations.AlterField(
            model_name="ringkasanperiode",
            name="tahap",
            field=models.CharField(max_length=60),
        ),
        migrations.RunPython(bangun_ulang, migrations.RunPython.noop),
    ]
