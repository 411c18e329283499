"""A pengampu OPD's tasks from the national evaluation (SPEC §12): the items it holds that
the latest round judging them sent back, with that round's deadline and whether the OPD has
answered since. Shown on the operator's home ("Tugas saya")."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from evaluasi.instansi import aturan
from evaluasi.instansi.selectors import nasional_butir_terakhir, peta_pengampu
from evaluasi.models import IsianButir, Periode
from evaluasi.pilihan import Putusan


@dataclass
class TugasNasional:
    butir_id: int
    kode: str  # I10-L2-03
    teks: str
    indikator: str  # "4.2 Keamanan Pemerintah Digital" (national code, else number)
    putaran: str  # the round's name
    jenis_revisi: str  # its label
    catatan: str
    batas: date | None
    selesai: bool
    terlambat: bool
    url: str = ""  # the page to answer it; filled by the caller


def tugas_nasional(periode: Periode, opd_id: int, *, hari_ini: date | None = None) -> list:
    """The OPD's items whose latest national result is revisi: open ones first, then in
    instrument order. Done = the OPD changed its answer after that round came in
    (`aturan.tugas_selesai`). Three queries whatever the number of items or rounds: the
    OPD's pengampu rows, the period's national item results, the OPD's answers to them."""
    hari_ini = hari_ini or timezone.localdate()
    per_butir, per_indikator = peta_pengampu(periode, opd_id)
    if not per_butir and not per_indikator:
        return []
    latest = nasional_butir_terakhir(periode)
    revisi = [
        h
        for h in latest.values()
        if h.putusan == Putusan.REVISI
        and opd_id
        in aturan.pengampu_butir(h.butir_id, h.butir.indikator_id, per_butir, per_indikator)
    ]
    if not revisi:
        return []
    diubah = dict(
        IsianButir.objects.filter(
            penilaian__periode=periode, opd_id=opd_id, butir_id__in=[h.butir_id for h in revisi]
        ).values_list("butir_id", "diubah")
    )
    rows = []
    for h in sorted(revisi, key=lambda h: (h.butir.indikator.nomor, h.butir.level, h.butir.nomor)):
        selesai = aturan.tugas_selesai(h.putaran.diimpor_pada, diubah.get(h.butir_id))
        indikator = h.butir.indikator
        rows.append(
            TugasNasional(
                butir_id=h.butir_id,
                kode=h.butir.kode,
                teks=h.butir.teks,
                indikator=f"{indikator.kode or indikator.nomor} {indikator.nama}",
                putaran=h.putaran.nama,
                jenis_revisi=h.get_jenis_revisi_display(),
                catatan=h.catatan,
                batas=h.putaran.batas,
                selesai=selesai,
                terlambat=aturan.terlambat(h.putaran.batas, hari_ini, selesai),
            )
        )
    rows.sort(key=lambda t: t.selesai)  # stable: instrument order within open and done
    return rows
