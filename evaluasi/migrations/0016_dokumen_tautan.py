"""The evidence rows keep only their link: the file's columns now live on DokumenVersi (0015
copied them) and confidentiality on Dokumen."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluasi", "0015_dokumen_data"),
    ]

    operations = [
        migrations.AlterField(
            model_name="berkasinstansi",
            name="versi",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)s",
                to="evaluasi.dokumenversi",
            ),
        ),
        migrations.AlterField(
            model_name="bukti",
            name="versi",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)s",
                to="evaluasi.dokumenversi",
            ),
        ),
        migrations.RemoveField(
            model_name="berkasinstansi",
            name="jenis",
        ),
        migrations.RemoveField(
            model_name="berkasinstansi",
            name="nama_asli",
        ),
        migrations.RemoveField(
            model_name="berkasinstansi",
            name="path",
        ),
        migrations.RemoveField(
            model_name="berkasinstansi",
            name="rahasia",
        ),
        migrations.RemoveField(
            model_name="berkasinstansi",
            name="sha256",
        ),
        migrations.RemoveField(
            model_name="berkasinstansi",
            name="ukuran",
        ),
        migrations.RemoveField(
            model_name="bukti",
            name="jenis",
        ),
        migrations.RemoveField(
            model_name="bukti",
            name="nama_asli",
        ),
        migrations.RemoveField(
            model_name="bukti",
            name="path",
        ),
        migrations.RemoveField(
            model_name="bukti",
            name="sha256",
        ),
        migrations.RemoveField(
            model_name="bukti",
            name="ukuran",
        ),
        migrations.AddConstraint(
            model_name="berkasinstansi",
            constraint=models.UniqueConstraint(
                condition=models.Q(("dihapus_pada__isnull", True)),
                fields=("isian", "versi"),
                name="berkas_instansi_versi_tidak_ganda",
            ),
        ),
        migrations.AddConstraint(
            model_name="bukti",
            constraint=models.UniqueConstraint(
                condition=models.Q(("butir__isnull", True), ("dihapus_pada__isnull", True)),
                fields=("jawaban", "versi"),
                name="bukti_versi_tidak_ganda",
            ),
        ),
        migrations.AddConstraint(
            model_name="bukti",
            constraint=models.UniqueConstraint(
                condition=models.Q(("butir__isnull", False), ("dihapus_pada__isnull", True)),
                fields=("jawaban", "butir", "versi"),
                name="bukti_butir_versi_tidak_ganda",
            ),
        ),
    ]
