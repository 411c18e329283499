"""Reads of the penilaian instansi: the pengampu map, an OPD's items, and the whole state of
the pemda's penilaian (items, answers, files, verdicts, settled and national values) in a
fixed number of queries whatever its size."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.http import Http404

from evaluasi import butir as butir_rules
from evaluasi import scoring
from evaluasi.instansi import aturan
from evaluasi.instrumen.selectors import scoring_def
from evaluasi.models import (
    BerkasInstansi,
    Butir,
    HasilButirNasional,
    HasilIndikatorNasional,
    Indikator,
    IsianButir,
    NilaiInstansi,
    Pengampu,
    PenilaianInstansi,
    Periode,
    Putaran,
    ReviuInstansi,
)


def peta_pengampu(periode: Periode) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """({butir id: OPD ids}, {indikator id: OPD ids}) of the period (one query)."""
    per_butir: dict[int, set[int]] = {}
    per_indikator: dict[int, set[int]] = {}
    for indikator_id, butir_id, opd_id in Pengampu.objects.filter(periode=periode).values_list(
        "indikator_id", "butir_id", "opd_id"
    ):
        if butir_id is None:
            per_indikator.setdefault(indikator_id, set()).add(opd_id)
        else:
            per_butir.setdefault(butir_id, set()).add(opd_id)
    return per_butir, per_indikator


def butir_diampu(periode: Periode, opd_id: int) -> list[Butir]:
    """The items this OPD holds in the period, in instrument order (two queries)."""
    rows = Pengampu.objects.filter(periode=periode, opd_id=opd_id)
    return list(
        Butir.objects.filter(
            Q(indikator_id__in=rows.filter(butir__isnull=True).values("indikator_id"))
            | Q(pk__in=rows.filter(butir__isnull=False).values("butir_id"))
        )
        .filter(indikator__instrumen_id=periode.instrumen_id)
        .select_related("indikator")
        .order_by("indikator__nomor", "level", "nomor")
    )


def mengampu(periode: Periode, opd_id: int | None, butir: Butir) -> bool:
    """Whether the OPD holds the item (assigned to it or to its whole indicator)."""
    if not opd_id:
        return False
    return Pengampu.objects.filter(
        Q(butir=butir) | Q(butir__isnull=True, indikator_id=butir.indikator_id),
        periode=periode,
        opd_id=opd_id,
    ).exists()


def penilaian_instansi(periode: Periode) -> PenilaianInstansi | None:
    return (
        PenilaianInstansi.objects.filter(periode=periode)
        .select_related("periode__instrumen")
        .first()
    )


def butir_instansi_for(penilaian: PenilaianInstansi, pk) -> Butir:
    """An item of the period's instrument; anything else (another instrument's, malformed) 404."""
    if not str(pk).isascii() or not str(pk).isdigit():
        raise Http404("Butir tidak ditemukan.")
    try:
        return Butir.objects.select_related("indikator__aspek").get(
            pk=int(pk), indikator__instrumen_id=penilaian.periode.instrumen_id
        )
    except Butir.DoesNotExist:
        raise Http404("Butir tidak ditemukan.") from None


@dataclass
class ButirRow:
    butir: Butir
    pengampu: set[int]
    isian: list[IsianButir]  # each with .berkas_hidup (live files)
    reviu: ReviuInstansi | None
    keadaan: butir_rules.ButirKeadaan
    isian_keadaan: list[aturan.IsianKeadaan]
    status: str = ""
    nasional: HasilButirNasional | None = None

    @property
    def terpilih(self) -> tuple[int, ...]:
        return aturan.terpilih(self.isian_keadaan)

    @property
    def perlu_dipilih(self) -> bool:
        return aturan.perlu_dipilih(self.isian_keadaan)

    @property
    def masuk_paket(self) -> bool:
        return aturan.masuk_paket(getattr(self.reviu, "putusan", ""), self.isian_keadaan)

    @property
    def isian_terpilih(self) -> list[IsianButir]:
        chosen = set(self.terpilih)
        return [i for i in self.isian if i.opd_id in chosen]


@dataclass
class IndikatorRow:
    indikator: Indikator
    butir: list[ButirRow] = field(default_factory=list)
    pengampu: set[int] = field(default_factory=set)  # whole-indicator pengampu
    mandiri: Decimal | None = None
    dihitung: Decimal | None = None  # from the asesor's verdicts
    ditetapkan: NilaiInstansi | None = None
    nasional: HasilIndikatorNasional | None = None

    @property
    def internal(self) -> Decimal | None:
        return self.ditetapkan.nilai if self.ditetapkan else self.dihitung


@dataclass
class KeadaanInstansi:
    penilaian: PenilaianInstansi
    indikator: list[IndikatorRow]
    putaran: list[Putaran]

    def butir_rows(self):
        for row in self.indikator:
            yield from row.butir

    def indeks(self, kolom: str) -> scoring.HasilIndeks | None:
        """The index from one column of values (mandiri, internal, nasional); None while no
        indicator has a value in it."""
        values = {}
        for row in self.indikator:
            if kolom == "nasional":
                value = row.nasional.nilai if row.nasional else None
            else:
                value = getattr(row, kolom)
            if value is not None:
                values[row.indikator.nomor] = value
        if not values:
            return None
        return scoring.hitung(scoring_def(self.penilaian.periode.instrumen), values)


def keadaan_instansi(penilaian: PenilaianInstansi) -> KeadaanInstansi:
    """Everything about the penilaian instansi, per indicator and item (ten queries)."""
    periode = penilaian.periode
    instrumen = periode.instrumen
    indikator = list(
        Indikator.objects.filter(instrumen=instrumen).select_related("aspek").order_by("nomor")
    )
    items = list(
        Butir.objects.filter(indikator__instrumen=instrumen).order_by(
            "indikator__nomor", "level", "nomor"
        )
    )
    per_butir, per_indikator = peta_pengampu(periode)
    isian: dict[int, list[IsianButir]] = {}
    for row in (
        IsianButir.objects.filter(penilaian=penilaian)
        .select_related("opd")
        .prefetch_related(
            Prefetch(
                "berkas",
                queryset=BerkasInstansi.objects.filter(dihapus_pada__isnull=True).select_related(
                    "diunggah_oleh"
                ),
                to_attr="berkas_hidup",
            )
        )
        .order_by("opd__urutan", "opd__nama")
    ):
        isian.setdefault(row.butir_id, []).append(row)
    reviu = {
        r.butir_id: r
        for r in ReviuInstansi.objects.filter(penilaian=penilaian).select_related("oleh")
    }
    ditetapkan = {
        n.indikator_id: n
        for n in NilaiInstansi.objects.filter(penilaian=penilaian).select_related("oleh")
    }
    putaran = list(penilaian.putaran.order_by("nomor"))
    nasional_butir: dict[int, HasilButirNasional] = {}
    for h in HasilButirNasional.objects.filter(putaran__penilaian=penilaian).order_by(
        "putaran__nomor"
    ):
        nasional_butir[h.butir_id] = h  # the latest round wins
    nasional_indikator: dict[int, HasilIndikatorNasional] = {}
    for h in HasilIndikatorNasional.objects.filter(
        putaran__penilaian=penilaian, nilai__isnull=False
    ).order_by("putaran__nomor"):
        nasional_indikator[h.indikator_id] = h

    rows = {
        i.pk: IndikatorRow(
            indikator=i,
            pengampu=set(per_indikator.get(i.pk, ())),
            ditetapkan=ditetapkan.get(i.pk),
            nasional=nasional_indikator.get(i.pk),
        )
        for i in indikator
    }
    for b in items:
        row = rows[b.indikator_id]
        b.indikator = row.indikator  # b.kode without a query
        answers = isian.get(b.pk, [])
        isian_keadaan = [
            aturan.IsianKeadaan(a.opd_id, bool(a.berkas_hidup), a.dipilih) for a in answers
        ]
        verdict = reviu.get(b.pk)
        row.butir.append(
            ButirRow(
                butir=b,
                pengampu=aturan.pengampu_butir(b.pk, b.indikator_id, per_butir, per_indikator),
                isian=answers,
                reviu=verdict,
                keadaan=butir_rules.ButirKeadaan(
                    b.pk,
                    b.level,
                    b.utama,
                    aturan.ada_bukti(isian_keadaan),
                    getattr(verdict, "putusan", ""),
                ),
                isian_keadaan=isian_keadaan,
                nasional=nasional_butir.get(b.pk),
            )
        )
    bawaan_eksternal = instrumen.nilai_eksternal_bawaan
    for row in rows.values():
        if not row.butir:  # valued from an external index (or no items): the settled value
            row.dihitung = bawaan_eksternal if row.indikator.eksternal else None
            continue
        keadaan = [r.keadaan for r in row.butir]
        hasil = butir_rules.hitung(keadaan, instrumen.kredit_parsial)
        row.mandiri = aturan.nilai_mandiri(keadaan, instrumen.kredit_parsial)
        row.dihitung = hasil.nilai
        for r in row.butir:
            r.status = butir_rules.status(r.keadaan, hasil)
    return KeadaanInstansi(penilaian=penilaian, indikator=list(rows.values()), putaran=putaran)
