"""The evidence library (issue [6/9]): documents and their versions; the evidence rows of
an answer (Bukti) and of the penilaian instansi (BerkasInstansi) become links to a version.
The files move in 0015, the old columns go in 0016."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluasi", "0013_isian_eksternal"),
        ("opd", "0006_pengguna_terima_surel"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Dokumen",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("judul", models.CharField(max_length=255, verbose_name="judul")),
                (
                    "jenis",
                    models.CharField(
                        choices=[
                            ("peraturan", "Peraturan (Perda/Perkada)"),
                            ("keputusan", "Keputusan / SK"),
                            ("sop", "SOP / proses bisnis"),
                            ("perencanaan", "Dokumen perencanaan"),
                            ("laporan", "Laporan"),
                            ("notulen", "Notulen / berita acara"),
                            ("tangkapan", "Tangkapan layar"),
                            ("lainnya", "Lainnya"),
                        ],
                        default="lainnya",
                        max_length=20,
                        verbose_name="jenis dokumen",
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        blank=True,
                        help_text="Kata kunci, dipisah koma.",
                        max_length=255,
                        verbose_name="label",
                    ),
                ),
                (
                    "nomor",
                    models.CharField(blank=True, max_length=150, verbose_name="nomor dokumen"),
                ),
                (
                    "tanggal",
                    models.DateField(blank=True, null=True, verbose_name="tanggal dokumen"),
                ),
                (
                    "berlaku_sampai",
                    models.DateField(blank=True, null=True, verbose_name="berlaku sampai"),
                ),
                (
                    "rahasia",
                    models.BooleanField(
                        default=False,
                        help_text="Hanya OPD pemilik, evaluator yang ditugaskan, dan Admin yang dapat melihatnya.",
                        verbose_name="rahasia",
                    ),
                ),
                ("dibuat", models.DateTimeField(default=django.utils.timezone.now)),
                ("diingatkan_untuk", models.DateField(blank=True, null=True)),
            ],
            options={
                "verbose_name": "dokumen",
                "verbose_name_plural": "dokumen",
                "ordering": ["judul", "pk"],
            },
        ),
        migrations.CreateModel(
            name="DokumenVersi",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("nomor", models.PositiveIntegerField(verbose_name="versi")),
                ("nama_asli", models.CharField(max_length=255, verbose_name="nama berkas")),
                ("path", models.CharField(max_length=255, unique=True)),
                ("jenis", models.CharField(max_length=100, verbose_name="jenis")),
                ("ukuran", models.PositiveBigIntegerField(verbose_name="ukuran (bita)")),
                ("sha256", models.CharField(db_index=True, max_length=64)),
                ("diunggah_pada", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "versi dokumen",
                "verbose_name_plural": "versi dokumen",
                "ordering": ["dokumen", "nomor"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalDokumen",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("judul", models.CharField(max_length=255, verbose_name="judul")),
                (
                    "jenis",
                    models.CharField(
                        choices=[
                            ("peraturan", "Peraturan (Perda/Perkada)"),
                            ("keputusan", "Keputusan / SK"),
                            ("sop", "SOP / proses bisnis"),
                            ("perencanaan", "Dokumen perencanaan"),
                            ("laporan", "Laporan"),
                            ("notulen", "Notulen / berita acara"),
                            ("tangkapan", "Tangkapan layar"),
                            ("lainnya", "Lainnya"),
                        ],
                        default="lainnya",
                        max_length=20,
                        verbose_name="jenis dokumen",
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        blank=True,
                        help_text="Kata kunci, dipisah koma.",
                        max_length=255,
                        verbose_name="label",
                    ),
                ),
                (
                    "nomor",
                    models.CharField(blank=True, max_length=150, verbose_name="nomor dokumen"),
                ),
                (
                    "tanggal",
                    models.DateField(blank=True, null=True, verbose_name="tanggal dokumen"),
                ),
                (
                    "berlaku_sampai",
                    models.DateField(blank=True, null=True, verbose_name="berlaku sampai"),
                ),
                (
                    "rahasia",
                    models.BooleanField(
                        default=False,
                        help_text="Hanya OPD pemilik, evaluator yang ditugaskan, dan Admin yang dapat melihatnya.",
                        verbose_name="rahasia",
                    ),
                ),
                ("dibuat", models.DateTimeField(default=django.utils.timezone.now)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical dokumen",
                "verbose_name_plural": "historical dokumen",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AlterModelOptions(
            name="berkasinstansi",
            options={
                "ordering": ["ditautkan_pada", "pk"],
                "verbose_name": "berkas instansi",
                "verbose_name_plural": "berkas instansi",
            },
        ),
        migrations.AlterModelOptions(
            name="bukti",
            options={
                "ordering": ["ditautkan_pada", "pk"],
                "verbose_name": "bukti",
                "verbose_name_plural": "bukti",
            },
        ),
        migrations.RemoveConstraint(
            model_name="berkasinstansi",
            name="berkas_instansi_tidak_ganda",
        ),
        migrations.RemoveConstraint(
            model_name="bukti",
            name="bukti_tidak_ganda",
        ),
        migrations.RemoveConstraint(
            model_name="bukti",
            name="bukti_butir_tidak_ganda",
        ),
        migrations.AddField(
            model_name="berkasinstansi",
            name="dari_tahun",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="bukti",
            name="dari_tahun",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="dokumen",
            name="dibuat_oleh",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="dokumen",
            name="opd",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dokumen",
                to="opd.opd",
            ),
        ),
        migrations.AddField(
            model_name="dokumenversi",
            name="diunggah_oleh",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="dokumenversi",
            name="dokumen",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="versi",
                to="evaluasi.dokumen",
            ),
        ),
        migrations.AddField(
            model_name="berkasinstansi",
            name="versi",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)s",
                to="evaluasi.dokumenversi",
            ),
        ),
        migrations.AddField(
            model_name="bukti",
            name="versi",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)s",
                to="evaluasi.dokumenversi",
            ),
        ),
        migrations.AddField(
            model_name="historicaldokumen",
            name="dibuat_oleh",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicaldokumen",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicaldokumen",
            name="opd",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="opd.opd",
            ),
        ),
        migrations.AddIndex(
            model_name="dokumen",
            index=models.Index(fields=["opd", "judul"], name="dokumen_opd_judul"),
        ),
        migrations.AddConstraint(
            model_name="dokumenversi",
            constraint=models.UniqueConstraint(
                fields=("dokumen", "nomor"), name="dokumen_versi_nomor"
            ),
        ),
        migrations.RenameField(
            model_name="berkasinstansi",
            old_name="diunggah_oleh",
            new_name="ditautkan_oleh",
        ),
        migrations.RenameField(
            model_name="berkasinstansi",
            old_name="diunggah_pada",
            new_name="ditautkan_pada",
        ),
        migrations.AlterField(
            model_name="berkasinstansi",
            name="ditautkan_pada",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RenameField(
            model_name="bukti",
            old_name="diunggah_oleh",
            new_name="ditautkan_oleh",
        ),
        migrations.RenameField(
            model_name="bukti",
            old_name="diunggah_pada",
            new_name="ditautkan_pada",
        ),
        migrations.AlterField(
            model_name="bukti",
            name="ditautkan_pada",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
    ]
