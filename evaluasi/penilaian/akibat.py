"""What a step will do, said before it is taken (the server-side confirmation pages): counts
of the OPDs it touches and the deadlines around it, in the words an admin, operator or
evaluator reads on the confirm page."""

from datetime import date

from django.utils import timezone

from evaluasi.models import Bukti, Jawaban, Penilaian, Periode, StatusPenilaian, StatusPeriode
from evaluasi.penilaian.selectors import penilaian_belum_lengkap, periode_status_count
from opd.models import Opd


def hari_lagi(tanggal: date, hari_ini: date | None = None) -> str:
    """'30 hari lagi', 'hari ini', 'sudah lewat 3 hari'."""
    selisih = (tanggal - (hari_ini or timezone.localdate())).days
    if selisih > 0:
        return f"{selisih} hari lagi"
    if selisih == 0:
        return "hari ini"
    return f"sudah lewat {-selisih} hari"


def _per_status(periode: Periode) -> dict[str, int]:
    return {value: n for value, _, n in periode_status_count(periode)}


def periode_akibat(periode: Periode, ke: str) -> list[str]:
    """What moving `periode` to `ke` (one stage on or back) does, one line per consequence."""
    n = _per_status(periode)
    draf = n.get(StatusPenilaian.DRAFT, 0)
    perbaikan = n.get(StatusPenilaian.PERLU_PERBAIKAN, 0)
    final = n.get(StatusPenilaian.FINAL, 0)
    belum_final = sum(n.values()) - final
    batas = f"{periode.batas_pengisian:%d-%m-%Y} ({hari_lagi(periode.batas_pengisian)})"
    verif = f"{periode.batas_verifikasi:%d-%m-%Y} ({hari_lagi(periode.batas_verifikasi)})"
    mundur = {
        StatusPeriode.PERSIAPAN: StatusPeriode.PENGISIAN,
        StatusPeriode.PENGISIAN: StatusPeriode.VERIFIKASI,
        StatusPeriode.VERIFIKASI: StatusPeriode.SELESAI,
        StatusPeriode.SELESAI: StatusPeriode.DIPUBLIKASI,
    }.get(ke) == periode.status
    if mundur:
        return {
            StatusPeriode.PERSIAPAN: [
                "Operator tidak dapat mengisi sampai periode dibuka kembali.",
                f"{draf} penilaian Draf tetap tersimpan.",
            ],
            StatusPeriode.PENGISIAN: [
                f"Operator dapat mengisi dan mengajukan lagi sampai batas pengisian {batas}.",
                "Verifikasi yang sudah berjalan tetap tersimpan.",
            ],
            StatusPeriode.VERIFIKASI: [
                f"Evaluator dapat mengubah verifikasi lagi sampai {verif}.",
                f"{final} penilaian final tetap final; Admin dapat membukanya kembali.",
            ],
            StatusPeriode.SELESAI: [
                "Hasil final disembunyikan lagi dari operator, pimpinan dan halaman publik.",
                "Laporan PDF yang sudah diunduh tidak dapat ditarik kembali.",
            ],
        }[ke]
    if ke == StatusPeriode.PENGISIAN:
        aktif = Opd.objects.filter(aktif=True).count()
        tanpa_evaluator = Opd.objects.filter(aktif=True).exclude(penugasan__periode=periode).count()
        akibat = [
            f"Penilaian dibuat untuk {aktif} OPD aktif; operator dapat mengisi "
            f"{periode.mulai_pengisian:%d-%m-%Y} s.d. {batas}.",
            "Instrumen periode ini dikunci dan tidak dapat diubah lagi.",
        ]
        if tanpa_evaluator:
            akibat.append(f"{tanpa_evaluator} OPD belum memiliki evaluator (Penugasan evaluator).")
        return akibat
    if ke == StatusPeriode.VERIFIKASI:
        return [
            f"{draf} OPD masih Draf dan tidak dapat mengajukan lagi; batas pengisian {batas}.",
            f"{n.get(StatusPenilaian.DIAJUKAN, 0)} penilaian menunggu verifikasi; "
            f"batas verifikasi {verif}.",
        ]
    if ke == StatusPeriode.SELESAI:
        return [
            f"{belum_final} penilaian belum final dan tidak akan memiliki hasil final"
            + (f" ({perbaikan} masih diperbaiki operator)." if perbaikan else "."),
            "Evaluator tidak dapat mengubah verifikasi lagi.",
        ]
    return [
        f"Hasil final {final} OPD terlihat oleh operator, pimpinan dan halaman publik; "
        "surel pemberitahuan dikirim.",
        f"{belum_final} OPD tanpa hasil final ditampilkan tanpa predikat.",
        "Publikasi dapat ditarik kembali dengan alasan sampai rekap TPP diekspor.",
    ]


def ajukan_akibat(penilaian: Penilaian) -> list[str]:
    belum = penilaian_belum_lengkap(penilaian)
    tanpa_bukti = (
        Jawaban.objects.filter(penilaian=penilaian, level__isnull=False)
        .exclude(pk__in=Bukti.objects.filter(dihapus_pada__isnull=True).values("jawaban"))
        .count()
    )
    akibat = [
        "Jawaban dikunci; perubahan hanya bila evaluator meminta perbaikan.",
        "Evaluator yang ditugaskan menerima surel pemberitahuan.",
    ]
    if tanpa_bukti:
        akibat.insert(
            0,
            f"{tanpa_bukti} indikator belum memiliki bukti dukung; evaluator dapat "
            "menilainya lebih rendah.",
        )
    if belum:
        akibat.insert(0, f"{len(belum)} indikator belum lengkap; pengajuan akan ditolak.")
    return akibat
