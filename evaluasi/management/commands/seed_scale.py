"""python manage.py seed_scale --opd N --periode-count K: a realistic large data set for
benchmarks and load tests (bulk inserts; N=1000, K=3 builds in a few minutes on 2 cores).

Every penilaian is answered (levels, explanations, 1–3 evidence records per answer; the
evidence rows point at one shared sample file), older periods are verified, finalized and
published, the newest is in verification with a third of the OPDs final.
"""

import io
import random
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from evaluasi import scoring
from evaluasi.instrumen.selectors import instrumen_default, scoring_def
from evaluasi.instrumen.services import instrumen_freeze
from evaluasi.models import (
    Bukti,
    Dokumen,
    DokumenVersi,
    Jawaban,
    Penilaian,
    Penugasan,
    Periode,
    StatusPenilaian,
    StatusPeriode,
)
from opd.models import JenisOpd, Opd, Pengguna, Peran

PREFIX = "SKL-"
PASSWORD = "skala-bench-2026"  # printed: benchmark accounts on a benchmark database
BATCH = 5000
SAMPLE_PDF = b"%PDF-1.4\n% contoh bukti skala\n%%EOF\n"


def _strings(values: dict) -> dict[str, str]:
    return {str(k): f"{v:.2f}" for k, v in values.items()}


class Command(BaseCommand):
    help = "Bangun data skala besar (N OPD, K periode) untuk benchmark dan uji beban."

    def add_arguments(self, parser):
        parser.add_argument("--opd", type=int, required=True, help="jumlah OPD")
        parser.add_argument("--periode-count", type=int, default=3, help="jumlah periode tahunan")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, opd: int, periode_count: int, seed: int, **options):
        if Opd.objects.filter(kode__startswith=PREFIX).exists():
            raise CommandError("Data skala sudah ada; gunakan basis data baru.", returncode=2)
        call_command("muat_instrumen", stdout=io.StringIO())
        rng = random.Random(seed)
        start = timezone.now()
        instrumen = instrumen_default()
        definition = scoring_def(instrumen)
        indikator = list(instrumen.indikator.order_by("nomor"))
        sample = Path(settings.PRIVATE_ROOT) / "bukti" / "skala" / "contoh.pdf"
        sample.parent.mkdir(parents=True, exist_ok=True)
        sample.write_bytes(SAMPLE_PDF)

        with transaction.atomic():
            opds = Opd.objects.bulk_create(
                Opd(
                    kode=f"{PREFIX}{i:05d}",
                    nama=f"OPD Skala {i:05d}",
                    singkatan=f"S{i:05d}",
                    jenis=JenisOpd.values[i % 8],
                    urutan=i,
                )
                for i in range(1, opd + 1)
            )
            users = self._users(opds[0])
            tahun_akhir = timezone.localdate().year
            years = list(range(tahun_akhir - periode_count + 1, tahun_akhir + 1))
            for tahun in years:
                latest = tahun == years[-1]
                periode = Periode.objects.create(
                    nama=f"Evaluasi SPBE OPD – {tahun} (skala)",
                    tahun=tahun,
                    instrumen=instrumen,
                    mulai_pengisian=date(tahun, 1, 1),
                    batas_pengisian=date(tahun, 11, 30),
                    batas_verifikasi=date(tahun, 12, 20),
                    tahun_tpp=tahun + 1,
                    status=StatusPeriode.VERIFIKASI if latest else StatusPeriode.DIPUBLIKASI,
                )
                instrumen_freeze(instrumen=instrumen)
                self._periode(periode, opds, indikator, definition, users, rng, latest)
        self.stdout.write(
            f"Data skala: {opd} OPD × {periode_count} periode dalam "
            f"{(timezone.now() - start).total_seconds():.1f} detik. Akun: bench.admin, "
            f"bench.operator ({opds[0].kode}), bench.evaluator, bench.pimpinan; "
            f"kata sandi {PASSWORD}."
        )

    def _users(self, first_opd: Opd) -> dict[str, Pengguna]:
        users = {}
        for username, peran, opd in (
            ("bench.admin", Peran.ADMIN, None),
            ("bench.operator", Peran.OPERATOR, first_opd),
            ("bench.evaluator", Peran.EVALUATOR, None),
            ("bench.pimpinan", Peran.PIMPINAN, None),
        ):
            user = Pengguna(username=username, nama=username, peran=peran, opd=opd)
            user.set_password(PASSWORD)
            user.save()
            users[peran] = user
        return users

    def _periode(self, periode, opds, indikator, definition, users, rng, latest):
        now = timezone.now()
        operator, evaluator = users[Peran.OPERATOR], users[Peran.EVALUATOR]
        penilaian = Penilaian.objects.bulk_create(
            [Penilaian(periode=periode, opd=o) for o in opds], batch_size=BATCH
        )
        # The evaluator verifies the first 40 OPDs (a realistic team size per evaluator).
        Penugasan.objects.bulk_create(
            [
                Penugasan(periode=periode, opd=o, evaluator=evaluator, oleh=users[Peran.ADMIN])
                for o in opds[:40]
            ]
        )
        jawaban, finals = [], []
        for index, p in enumerate(penilaian):
            final = not latest or index % 3 == 0
            base = rng.choice([1, 2, 2, 3, 3, 4])
            levels = {i.nomor: max(1, min(5, base + rng.choice([-1, 0, 0, 1]))) for i in indikator}
            levels_final = {
                n: max(1, min(5, lv + rng.choice([-1, 0, 0]))) for n, lv in levels.items()
            }
            mandiri = scoring.hitung(definition, levels)
            p.status = StatusPenilaian.FINAL if final else StatusPenilaian.DIAJUKAN
            p.diajukan_pada, p.diajukan_oleh = now, operator
            p.indeks_mandiri, p.predikat_mandiri, p.kemajuan = (
                mandiri.indeks,
                mandiri.predikat,
                Decimal(100),
            )
            p.aspek_mandiri, p.domain_mandiri = _strings(mandiri.aspek), _strings(mandiri.domain)
            if final:
                akhir = scoring.hitung(definition, levels_final)
                p.indeks_final, p.predikat_final = akhir.indeks, akhir.predikat
                p.aspek_final, p.domain_final = _strings(akhir.aspek), _strings(akhir.domain)
                p.difinalkan_pada, p.difinalkan_oleh = now, evaluator
                finals.append(p)
            for ind in indikator:
                jawaban.append(
                    Jawaban(
                        penilaian=p,
                        indikator=ind,
                        level=levels[ind.nomor],
                        penjelasan=f"Kondisi {p.opd.singkatan} pada indikator {ind.nomor}: "
                        "dokumen dan penerapan terlampir.",
                        versi=1,
                        diubah=now,
                        diubah_oleh=operator,
                        level_final=levels_final[ind.nomor] if final else None,
                        metode="dokumen" if final else "",
                        versi_reviu=1 if final else 0,
                    )
                )
        Penilaian.objects.bulk_update(
            penilaian,
            [
                "status",
                "diajukan_pada",
                "diajukan_oleh",
                "indeks_mandiri",
                "predikat_mandiri",
                "kemajuan",
                "aspek_mandiri",
                "domain_mandiri",
                "indeks_final",
                "predikat_final",
                "aspek_final",
                "domain_final",
                "difinalkan_pada",
                "difinalkan_oleh",
            ],
            batch_size=BATCH,
        )
        jawaban = Jawaban.objects.bulk_create(jawaban, batch_size=BATCH)
        berkas = [
            (j, k) for j in jawaban for k in range(1, rng.randint(1, 3) + 1)
        ]  # one to three evidence documents per answer, each in its OPD's library
        dokumen = Dokumen.objects.bulk_create(
            [
                Dokumen(
                    opd_id=j.penilaian.opd_id,
                    judul=f"Bukti indikator {j.indikator_id} ({k})",
                    dibuat_oleh=operator,
                )
                for j, k in berkas
            ],
            batch_size=BATCH,
        )
        versi = DokumenVersi.objects.bulk_create(
            [
                DokumenVersi(
                    dokumen=d,
                    nomor=1,
                    nama_asli=f"{d.judul}.pdf",
                    path=f"bukti/skala/{uuid.uuid4().hex}.pdf",
                    jenis="application/pdf",
                    ukuran=len(SAMPLE_PDF),
                    sha256=uuid.uuid4().hex * 2,  # distinct per record, as real files would be
                    diunggah_oleh=operator,
                )
                for d in dokumen
            ],
            batch_size=BATCH,
        )
        Bukti.objects.bulk_create(
            [
                Bukti(jawaban=j, versi=v, ditautkan_oleh=operator)
                for (j, _), v in zip(berkas, versi, strict=True)
            ],
            batch_size=BATCH,
        )
