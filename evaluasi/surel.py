"""E-mails of the evaluation cycle, queued in the outbox inside the action's transaction.

Each carries the exact link to act on (settings.PORTAL_URL + the page), in text and HTML, and
goes only to active users with an address who have not opted out (`Pengguna.terima_surel`).
Nothing final is said before publication: the finalisation mail names no figure.
"""

from collections import defaultdict

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from evaluasi.models import Penilaian, Periode
from notifikasi.services import surel_antre
from opd.models import Pengguna, Peran


def tautan(nama: str, **kwargs) -> str:
    """Absolute link to a portal page, for mails sent without a request (beat, workers)."""
    return settings.PORTAL_URL.rstrip("/") + reverse(nama, kwargs=kwargs or None)


def penerima():
    """Users who get the cycle's mails."""
    return Pengguna.objects.filter(is_active=True, terima_surel=True).exclude(email="")


def kirim(
    kepada: list[str],
    *,
    subjek: str,
    salam: str,
    paragraf: list[str],
    tautan_utama: str,
    tombol: str,
    daftar: list[dict] | None = None,
    lampiran: tuple[str, str, str] | None = None,
) -> int:
    """Queue one message (text and HTML from the same parts) to `kepada`; returns mails queued.
    `lampiran`: one text attachment (name, MIME type, content), e.g. a session's .ics."""
    ctx = {
        "salam": salam,
        "paragraf": paragraf,
        "daftar": daftar or [],
        "tautan": tautan_utama,
        "tombol": tombol,
        "pemda": settings.PEMDA_NAMA,
        "pengaturan": tautan("akun:surel"),
    }
    return len(
        surel_antre(
            kepada=kepada,
            subjek=subjek,
            isi=render_to_string("evaluasi/surel/pesan.txt", ctx),
            isi_html=render_to_string("evaluasi/surel/pesan.html", ctx),
            lampiran=lampiran,
        )
    )


def operator_per_opd(opd_ids) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for opd_id, email in (
        penerima().filter(peran=Peran.OPERATOR, opd_id__in=opd_ids).values_list("opd_id", "email")
    ):
        found[opd_id].append(email)
    return found


def _ke_setiap_opd(periode: Periode, pesan) -> int:
    """One mail per OPD of the period to its operators; `pesan(penilaian)` gives its parts."""
    penilaian = list(periode.penilaian.select_related("opd"))
    operator = operator_per_opd([p.opd_id for p in penilaian])
    return sum(kirim(operator.get(p.opd_id, []), **pesan(p)) for p in penilaian)


def periode_dibuka(periode: Periode) -> int:
    """Filling is open: every OPD's operators, each with the link to their own penilaian."""
    return _ke_setiap_opd(
        periode,
        lambda p: {
            "subjek": f"Pengisian {periode.nama} dibuka",
            "salam": f"Yth. Operator {p.opd.nama}",
            "paragraf": [
                f"Masa pengisian penilaian mandiri {periode.nama} telah dibuka, "
                f"{periode.mulai_pengisian:%d-%m-%Y} sampai {periode.batas_pengisian:%d-%m-%Y}.",
                "Isi level, penjelasan dan bukti dukung setiap indikator, lalu ajukan.",
            ],
            "tautan_utama": tautan("evaluasi:penilaian_detail", pk=p.pk),
            "tombol": "Mulai mengisi",
        },
    )


def pengajuan(penilaian: Penilaian, *, ulang: bool = False) -> int:
    """Tell the evaluators assigned to the OPD that it submitted (or re-submitted after a
    revision); the admins when nobody is assigned yet, so it is not missed."""
    recipients = list(
        penerima()
        .filter(
            peran=Peran.EVALUATOR,
            penugasan__periode_id=penilaian.periode_id,
            penugasan__opd_id=penilaian.opd_id,
        )
        .values_list("email", flat=True)
    ) or list(penerima().filter(peran=Peran.ADMIN).values_list("email", flat=True))
    kata = "diajukan ulang setelah perbaikan" if ulang else "telah diajukan"
    return kirim(
        recipients,
        subjek=f"Penilaian mandiri {penilaian.opd.nama} {kata}",
        salam=f"Yth. Tim Evaluator SPBE {settings.PEMDA_NAMA}",
        paragraf=[
            f"{penilaian.opd.nama} {kata} untuk {penilaian.periode.nama}.",
            f"Diajukan oleh {penilaian.diajukan_oleh.nama} ({penilaian.diajukan_oleh.username}) "
            f"pada {penilaian.diajukan_pada:%d-%m-%Y %H:%M}. Indeks Mandiri "
            f"{penilaian.indeks_mandiri or 0:.2f} ({penilaian.predikat_mandiri or '–'}).",
            f"Batas verifikasi {penilaian.periode.batas_verifikasi:%d-%m-%Y}.",
        ],
        tautan_utama=tautan("evaluasi:penilaian_detail", pk=penilaian.pk),
        tombol="Mulai verifikasi",
    )


def perbaikan(penilaian: Penilaian) -> int:
    """Tell the OPD's operators which indicators the evaluator sent back, with the note."""
    jawaban = penilaian.jawaban.filter(perlu_perbaikan=True).select_related("indikator")
    return kirim(
        operator_per_opd([penilaian.opd_id]).get(penilaian.opd_id, []),
        subjek=f"Perbaikan penilaian mandiri {penilaian.periode.nama}",
        salam=f"Yth. Operator {penilaian.opd.nama}",
        paragraf=[
            f"Evaluator meminta perbaikan penilaian mandiri {penilaian.periode.nama} pada "
            "indikator berikut.",
            f"Perbaiki paling lambat {penilaian.periode.batas_verifikasi:%d-%m-%Y}, lalu ajukan "
            "kembali.",
        ],
        daftar=[
            {
                "teks": f"Indikator {j.indikator.nomor}. {j.indikator.nama}",
                "catatan": j.catatan_perbaikan,
                "tautan": tautan("evaluasi:jawaban", pk=penilaian.pk, nomor=j.indikator.nomor),
            }
            for j in jawaban
        ],
        tautan_utama=tautan("evaluasi:penilaian_detail", pk=penilaian.pk),
        tombol="Buka penilaian",
    )


def difinalkan(penilaian: Penilaian) -> int:
    """The verification is finished. No figure: results are shown only after publication."""
    return kirim(
        operator_per_opd([penilaian.opd_id]).get(penilaian.opd_id, []),
        subjek=f"Verifikasi {penilaian.periode.nama} selesai",
        salam=f"Yth. Operator {penilaian.opd.nama}",
        paragraf=[
            f"Verifikasi penilaian {penilaian.opd.nama} untuk {penilaian.periode.nama} telah "
            "selesai.",
            "Hasil final dapat dilihat setelah Admin mempublikasikan hasil periode ini; Anda "
            "akan menerima surel saat itu.",
        ],
        tautan_utama=tautan("evaluasi:penilaian_detail", pk=penilaian.pk),
        tombol="Buka penilaian",
    )


def dipublikasi(periode: Periode) -> int:
    """Results are published: each OPD's operators (their result page) and the pimpinan."""
    n = _ke_setiap_opd(
        periode,
        lambda p: {
            "subjek": f"Hasil {periode.nama} telah dipublikasikan",
            "salam": f"Yth. Operator {p.opd.nama}",
            "paragraf": [
                f"Hasil evaluasi {periode.nama} telah dipublikasikan. Lihat Indeks Final, "
                "rekomendasi evaluator dan unduh laporan PDF OPD Anda."
            ],
            "tautan_utama": tautan("evaluasi:hasil", pk=p.pk),
            "tombol": "Lihat hasil",
        },
    )
    n += kirim(
        list(penerima().filter(peran=Peran.PIMPINAN).values_list("email", flat=True)),
        subjek=f"Hasil {periode.nama} telah dipublikasikan",
        salam="Yth. Pimpinan",
        paragraf=[
            f"Hasil evaluasi {periode.nama} telah dipublikasikan untuk "
            f"{periode.penilaian.count()} OPD."
        ],
        tautan_utama=tautan("evaluasi:dashboard") + f"?periode={periode.pk}",
        tombol="Buka dasbor hasil",
    )
    return n


def revisi_nasional(putaran, per_opd: dict) -> int:
    """Tell each pengampu OPD's operators which of its items the national evaluator sent back
    in this round, with the round's deadline. `per_opd`: {Opd: [HasilButirNasional with
    .butir and .butir.indikator loaded]}. Queued with the import: a rolled-back one sends
    nothing."""
    periode = putaran.penilaian.periode
    operator = operator_per_opd([opd.pk for opd in per_opd])
    batas = (
        f"Perbaiki paling lambat {putaran.batas:%d-%m-%Y}."
        if putaran.batas
        else "Batas perbaikan belum ditetapkan; Koordinator akan memberi tahu."
    )
    n = 0
    for opd, rows in per_opd.items():
        n += kirim(
            operator.get(opd.pk, []),
            subjek=f"Revisi evaluasi nasional {periode.nama}: {putaran.nama}",
            salam=f"Yth. Operator {opd.nama}",
            paragraf=[
                f"Asesor nasional meminta revisi {len(rows)} butir yang diampu {opd.nama} "
                f"pada {putaran.nama} evaluasi {periode.nama}.",
                batas + " Unggah ulang bukti atau perbarui keterangan butir tersebut.",
            ],
            daftar=[
                {
                    "teks": f"{h.butir.kode} {h.butir.teks}",
                    "catatan": " · ".join(
                        t for t in (h.get_jenis_revisi_display(), h.catatan) if t
                    ),
                }
                for h in rows
            ],
            tautan_utama=tautan("beranda"),
            tombol="Buka Tugas saya",
        )
    return n
