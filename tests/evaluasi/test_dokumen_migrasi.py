"""The evidence library's data migration (0015) on a database seeded at 0013: every evidence
file becomes a document version with the same path, size, type and SHA-256; every evidence
row becomes a link to it; nothing is lost, counts and hashes are equal before and after."""

import hashlib
from collections import Counter
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

SEBELUM = [("evaluasi", "0013_isian_eksternal")]
SESUDAH = [("evaluasi", "0016_dokumen_tautan")]
JUMLAH_BUKTI = 1203  # past the migration's batch of 1,000


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return MigrationExecutor(connection).loader.project_state(target).apps


def _seed(apps):
    Opd = apps.get_model("opd", "Opd")
    Pengguna = apps.get_model("opd", "Pengguna")
    Instrumen = apps.get_model("evaluasi", "Instrumen")
    Aspek = apps.get_model("evaluasi", "Aspek")
    Indikator = apps.get_model("evaluasi", "Indikator")
    Butir = apps.get_model("evaluasi", "Butir")
    Periode = apps.get_model("evaluasi", "Periode")
    Penilaian = apps.get_model("evaluasi", "Penilaian")
    Jawaban = apps.get_model("evaluasi", "Jawaban")
    Bukti = apps.get_model("evaluasi", "Bukti")
    PenilaianInstansi = apps.get_model("evaluasi", "PenilaianInstansi")
    IsianButir = apps.get_model("evaluasi", "IsianButir")
    BerkasInstansi = apps.get_model("evaluasi", "BerkasInstansi")

    opd_a = Opd.objects.create(kode="A", nama="Dinas A", jenis="dinas")
    opd_b = Opd.objects.create(kode="B", nama="Dinas B", jenis="dinas")
    op_a = Pengguna.objects.create(username="op.a", nama="Op A", peran="operator", opd=opd_a)
    op_b = Pengguna.objects.create(username="op.b", nama="Op B", peran="operator", opd=opd_b)
    instrumen = Instrumen.objects.create(kode="uji", nama="Uji")
    aspek = Aspek.objects.create(instrumen=instrumen, nomor=1, nama="Aspek", bobot=100)
    indikator = [
        Indikator.objects.create(
            instrumen=instrumen, aspek=aspek, nomor=n, nama=f"Indikator {n}", bobot=50
        )
        for n in (1, 2)
    ]
    butir = Butir.objects.create(indikator=indikator[0], level=1, nomor=1, teks="Perbup")
    jawaban = []
    for tahun in (2025, 2026):
        periode = Periode.objects.create(
            nama=f"Evaluasi {tahun}",
            tahun=tahun,
            instrumen=instrumen,
            mulai_pengisian=date(tahun, 1, 1),
            batas_pengisian=date(tahun, 6, 30),
            batas_verifikasi=date(tahun, 8, 31),
            tahun_tpp=tahun + 1,
        )
        for opd in (opd_a, opd_b):
            penilaian = Penilaian.objects.create(periode=periode, opd=opd)
            jawaban += [Jawaban.objects.create(penilaian=penilaian, indikator=i) for i in indikator]
    rows = []
    for n in range(JUMLAH_BUKTI):
        j = jawaban[n % len(jawaban)]
        # The same Perbup uploaded by OPD A in both years: two files, equal bytes.
        isi = b"perbup" if n in (0, 4) else f"berkas {n}".encode()
        rows.append(
            Bukti(
                jawaban=j,
                butir=butir if n == 8 else None,
                nama_asli=f"berkas-{n}.pdf",
                path=f"bukti/2026/{n:05d}.pdf",
                jenis="application/pdf",
                ukuran=len(isi),
                sha256=hashlib.sha256(isi).hexdigest(),
                diunggah_oleh=op_a if j.penilaian.opd_id == opd_a.pk else op_b,
                dihapus_pada=None,
            )
        )
    Bukti.objects.bulk_create(rows)
    Bukti.objects.filter(path="bukti/2026/00001.pdf").update(dihapus_pada="2026-03-01T00:00Z")
    instansi = PenilaianInstansi.objects.create(periode=periode)
    isian = IsianButir.objects.create(penilaian=instansi, butir=butir, opd=opd_b)
    for n, rahasia in ((1, True), (2, False)):
        BerkasInstansi.objects.create(
            isian=isian,
            nama_asli=f"audit-{n}.pdf",
            path=f"instansi/2026/{n}.pdf",
            jenis="application/pdf",
            ukuran=10 + n,
            sha256=hashlib.sha256(f"audit {n}".encode()).hexdigest(),
            rahasia=rahasia,
            diunggah_oleh=op_b,
        )
    return opd_a, opd_b


def _berkas_lama(apps):
    """(owner OPD, path, name, type, size, SHA-256, uploader, removed, confidential) per row."""
    rows = [
        (
            b.jawaban.penilaian.opd_id,
            b.path,
            b.nama_asli,
            b.jenis,
            b.ukuran,
            b.sha256,
            b.diunggah_oleh_id,
            b.dihapus_pada is not None,
            False,
        )
        for b in apps.get_model("evaluasi", "Bukti").objects.select_related("jawaban__penilaian")
    ]
    rows += [
        (
            b.isian.opd_id,
            b.path,
            b.nama_asli,
            b.jenis,
            b.ukuran,
            b.sha256,
            b.diunggah_oleh_id,
            b.dihapus_pada is not None,
            b.rahasia,
        )
        for b in apps.get_model("evaluasi", "BerkasInstansi").objects.select_related("isian")
    ]
    return Counter(rows)


def _berkas_baru(apps):
    rows = [
        (
            b.jawaban.penilaian.opd_id,
            b.versi.path,
            b.versi.nama_asli,
            b.versi.jenis,
            b.versi.ukuran,
            b.versi.sha256,
            b.versi.diunggah_oleh_id,
            b.dihapus_pada is not None,
            b.versi.dokumen.rahasia,
        )
        for b in apps.get_model("evaluasi", "Bukti").objects.select_related(
            "jawaban__penilaian", "versi__dokumen"
        )
    ]
    rows += [
        (
            b.isian.opd_id,
            b.versi.path,
            b.versi.nama_asli,
            b.versi.jenis,
            b.versi.ukuran,
            b.versi.sha256,
            b.versi.diunggah_oleh_id,
            b.dihapus_pada is not None,
            b.versi.dokumen.rahasia,
        )
        for b in apps.get_model("evaluasi", "BerkasInstansi").objects.select_related(
            "isian", "versi__dokumen"
        )
    ]
    return Counter(rows)


@pytest.mark.django_db(transaction=True)
def test_every_evidence_file_becomes_a_document_version_with_nothing_lost():
    try:
        apps = _migrate(SEBELUM)
        opd_a, opd_b = _seed(apps)
        lama = _berkas_lama(apps)
        assert sum(lama.values()) == JUMLAH_BUKTI + 2

        apps = _migrate(SESUDAH)
        Dokumen = apps.get_model("evaluasi", "Dokumen")
        DokumenVersi = apps.get_model("evaluasi", "DokumenVersi")
        Bukti = apps.get_model("evaluasi", "Bukti")
        BerkasInstansi = apps.get_model("evaluasi", "BerkasInstansi")

        # Same rows, same files, same hashes, owners, uploaders, removals, confidentiality.
        assert _berkas_baru(apps) == lama
        assert Bukti.objects.count() == JUMLAH_BUKTI
        assert BerkasInstansi.objects.count() == 2
        # One document with one version per file kept so far; no file shared by two rows.
        assert DokumenVersi.objects.count() == Dokumen.objects.count() == JUMLAH_BUKTI + 2
        assert DokumenVersi.objects.values("path").distinct().count() == JUMLAH_BUKTI + 2
        assert sorted(DokumenVersi.objects.values_list("sha256", flat=True)) == sorted(
            key[5] for key in lama.elements()
        )
        # Each document belongs to the OPD whose answer held the file; only the confidential
        # file of the penilaian instansi is confidential; the title is the file's name.
        assert (
            Dokumen.objects.filter(opd_id=opd_a.pk).count()
            + Dokumen.objects.filter(opd_id=opd_b.pk).count()
            == Dokumen.objects.count()
        )
        assert list(Dokumen.objects.filter(rahasia=True).values_list("judul", flat=True)) == [
            "audit-1"
        ]
        item = Bukti.objects.select_related("versi__dokumen").get(
            versi__path="bukti/2026/00008.pdf"
        )
        assert item.butir_id is not None and item.versi.dokumen.judul == "berkas-8"
        assert item.versi.nomor == 1
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
