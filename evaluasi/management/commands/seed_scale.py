"""python manage.py seed_scale --opd N --periode-count K: a realistic large data set for
benchmarks and load tests (bulk inserts in chunks of OPDs, linear in N; progress is printed).

Every penilaian is answered (levels, explanations, 1–3 evidence records per answer; the
evidence rows point at one shared sample file), older periods are verified, finalized and
published, the newest is in verification with a third of the OPDs final. Every OPD has an
information profile and two active applications (the public page and the architecture
overview list them).

Each chunk of OPDs is written in its own transaction with every figure already in place (no
bulk UPDATE: a CASE over thousands of rows is quadratic, and PostgreSQL's JIT spent 25 minutes
compiling one); on PostgreSQL the seeder's own connection also runs with `jit = off`.
"""

import io
import random
import time
from datetime import date
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from arsitektur.models import Aplikasi, ProfilOpd, StatusInformasi
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
from evaluasi.penilaian.services import ringkasan_bangun
from opd.models import JenisOpd, Opd, Pengguna, Peran
from spbe_portal.files import private_file_exists, write_private_file

PREFIX = "SKL-"
PASSWORD = "skala-bench-2026"  # printed: benchmark accounts on a benchmark database
BATCH = 2000  # rows per INSERT
CHUNK = 250  # OPDs per transaction (≈ 12,000 answers and 24,000 evidence rows per period)
SAMPLE_PDF = b"%PDF-1.4\n% contoh bukti skala\n%%EOF\n"
SAMPLE_PATH = "bukti/skala/contoh.pdf"


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
        if connection.vendor == "postgresql":
            # Bulk statements are planned once and run once: JIT compiling them costs far more
            # than it saves (minutes per statement at 5,000+ OPDs). This connection only.
            with connection.cursor() as cursor:
                cursor.execute("SET jit = off")
                cursor.execute("SET synchronous_commit = off")
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                if cursor.fetchone()[0]:
                    # The rows are built consistent here; checking every foreign key of
                    # millions of rows one by one at commit was most of the seeding time.
                    cursor.execute("SET session_replication_role = replica")
        call_command("muat_instrumen", stdout=io.StringIO())
        rng = random.Random(seed)
        started = time.perf_counter()
        instrumen = instrumen_default()
        definition = scoring_def(instrumen)
        indikator = list(instrumen.indikator.order_by("nomor"))
        # The one file every seeded evidence row points at, in the private storage (a folder
        # or the bucket), so downloads work whichever is configured.
        if not private_file_exists(SAMPLE_PATH):
            write_private_file(SAMPLE_PATH, SAMPLE_PDF)

        with transaction.atomic():
            opds = self._opds(opd)
            users = self._users(opds[0])
            tahun_akhir = timezone.localdate().year
            periods = []
            for tahun in range(tahun_akhir - periode_count + 1, tahun_akhir + 1):
                latest = tahun == tahun_akhir
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
                # The evaluator verifies the first 40 OPDs (a realistic team size).
                Penugasan.objects.bulk_create(
                    Penugasan(
                        periode=periode,
                        opd=o,
                        evaluator=users[Peran.EVALUATOR],
                        oleh=users[Peran.ADMIN],
                    )
                    for o in opds[:40]
                )
                periods.append((periode, latest))

        for first in range(0, opd, CHUNK):
            with transaction.atomic():
                for periode, latest in periods:
                    self._chunk(periode, opds, first, indikator, definition, users, rng, latest)
            done = min(first + CHUNK, opd)
            elapsed = time.perf_counter() - started
            self.stderr.write(
                f"  {done}/{opd} OPD × {periode_count} periode "
                f"({elapsed:.0f} s, sisa ±{elapsed / done * (opd - done):.0f} s)"
            )
        # The dashboard's per-period sums: the rows above bypassed the services that keep them.
        for periode, _latest in periods:
            with transaction.atomic():
                ringkasan_bangun(periode=periode)
        self.stdout.write(
            f"Data skala: {opd} OPD × {periode_count} periode dalam "
            f"{time.perf_counter() - started:.1f} detik. Akun: bench.admin, "
            f"bench.operator ({opds[0].kode}), bench.evaluator, bench.pimpinan; "
            f"kata sandi {PASSWORD}."
        )

    def _opds(self, count: int) -> list[Opd]:
        opds = Opd.objects.bulk_create(
            (
                Opd(
                    kode=f"{PREFIX}{i:05d}",
                    nama=f"OPD Skala {i:05d}",
                    singkatan=f"S{i:05d}",
                    jenis=JenisOpd.values[i % 8],
                    urutan=i,
                )
                for i in range(1, count + 1)
            ),
            batch_size=BATCH,
        )
        statuses = StatusInformasi.values
        ProfilOpd.objects.bulk_create(
            (
                ProfilOpd(opd=o, status_informasi=statuses[i % len(statuses)])
                for i, o in enumerate(opds)
            ),
            batch_size=BATCH,
        )
        Aplikasi.objects.bulk_create(
            (
                Aplikasi(
                    opd=o,
                    nama=f"Aplikasi {k} {o.singkatan}",
                    deskripsi=f"Layanan {k} milik {o.nama}.",
                    url=f"https://app{k}-{o.singkatan.lower()}.example.go.id",
                    tahun_pembuatan=2015 + k,
                )
                for o in opds
                for k in (1, 2)
            ),
            batch_size=BATCH,
        )
        return opds

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

    def _chunk(self, periode, opds, first, indikator, definition, users, rng, latest):
        """Penilaian, answers and evidence of opds[first:first + CHUNK] in one period."""
        now = timezone.now()
        operator, evaluator = users[Peran.OPERATOR], users[Peran.EVALUATOR]
        penilaian, levels_of = [], {}
        for index in range(first, min(first + CHUNK, len(opds))):
            final = not latest or index % 3 == 0
            base = rng.choice([1, 2, 2, 3, 3, 4])
            levels = {i.nomor: max(1, min(5, base + rng.choice([-1, 0, 0, 1]))) for i in indikator}
            levels_final = {
                n: max(1, min(5, lv + rng.choice([-1, 0, 0]))) for n, lv in levels.items()
            }
            mandiri = scoring.hitung(definition, levels)
            p = Penilaian(
                periode=periode,
                opd=opds[index],
                status=StatusPenilaian.FINAL if final else StatusPenilaian.DIAJUKAN,
                diajukan_pada=now,
                diajukan_oleh=operator,
                indeks_mandiri=mandiri.indeks,
                predikat_mandiri=mandiri.predikat,
                kemajuan=Decimal(100),
                aspek_mandiri=_strings(mandiri.aspek),
                domain_mandiri=_strings(mandiri.domain),
            )
            if final:
                akhir = scoring.hitung(definition, levels_final)
                p.indeks_final, p.predikat_final = akhir.indeks, akhir.predikat
                p.aspek_final, p.domain_final = _strings(akhir.aspek), _strings(akhir.domain)
                p.difinalkan_pada, p.difinalkan_oleh = now, evaluator
            penilaian.append(p)
            levels_of[index] = (levels, levels_final if final else None)
        penilaian = Penilaian.objects.bulk_create(penilaian, batch_size=BATCH)
        jawaban = []  # (penilaian, indikator) per answer row
        rows = []
        for index, p in zip(range(first, first + len(penilaian)), penilaian, strict=True):
            levels, levels_final = levels_of[index]
            for ind in indikator:
                jawaban.append(p)
                rows.append(
                    {
                        "penilaian_id": p.pk,
                        "indikator_id": ind.pk,
                        "level": levels[ind.nomor],
                        "penjelasan": f"Kondisi {p.opd.singkatan} pada indikator {ind.nomor}: "
                        "dokumen dan penerapan terlampir.",
                        "versi": 1,
                        "diubah": now,
                        "diubah_oleh_id": operator.pk,
                        "level_final": levels_final[ind.nomor] if levels_final else None,
                        "metode": "dokumen" if levels_final else "",
                        "versi_reviu": 1 if levels_final else 0,
                    }
                )
        jawaban_ids = _insert(Jawaban, rows, now)
        # One to three evidence documents per answer, each in its OPD's library.
        berkas = [
            (jid, p.opd_id, row["indikator_id"], k)
            for jid, p, row in zip(jawaban_ids, jawaban, rows, strict=True)
            for k in range(1, rng.randint(1, 3) + 1)
        ]
        dokumen_ids = _insert(
            Dokumen,
            [
                {
                    "opd_id": opd_id,
                    "judul": f"Bukti indikator {ind} ({k})",
                    "dibuat_oleh_id": operator.pk,
                }
                for _, opd_id, ind, k in berkas
            ],
            now,
        )
        # Ascending keys (the document's id): random ones (uuid4) made each insert into the
        # four path/sha256 indexes touch a random page, and seeding slowed as they grew.
        versi_ids = _insert(
            DokumenVersi,
            [
                {
                    "dokumen_id": d,
                    "nomor": 1,
                    "nama_asli": f"Bukti indikator {ind} ({k}).pdf",
                    "path": f"bukti/skala/{d:012d}.pdf",
                    "jenis": "application/pdf",
                    "ukuran": len(SAMPLE_PDF),
                    "sha256": f"{d:064x}",  # distinct per record, as real files would be
                    "diunggah_oleh_id": operator.pk,
                }
                for d, (_, _, ind, k) in zip(dokumen_ids, berkas, strict=True)
            ],
            now,
        )
        _insert(
            Bukti,
            [
                {"jawaban_id": jid, "versi_id": v, "ditautkan_oleh_id": operator.pk}
                for (jid, *_), v in zip(berkas, versi_ids, strict=True)
            ],
            now,
        )


def _insert(model, rows: list[dict], now) -> list[int]:
    """Insert rows (attname → value; every other column gets its model default) and return
    their ids in order. On PostgreSQL: ids drawn from the table's sequence and one COPY, which
    costs a fraction of building model instances; elsewhere bulk_create."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        return [
            o.pk for o in model.objects.bulk_create([model(**r) for r in rows], batch_size=BATCH)
        ]
    table = model._meta.db_table
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {}
    for f in fields:
        if f.attname not in rows[0]:
            value = (
                now
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                else f.get_default()
            )
            defaults[f.attname] = f.get_db_prep_save(value, connection)
    columns = [f.attname for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        names = ", ".join(connection.ops.quote_name(c) for c in ["id", *columns])
        with cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
        ) as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row([pk, *(row[c] if c in row else defaults[c] for c in columns)])
    return ids
