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
    IsianEksternal,
    NilaiInstansi,
    Pengampu,
    PenilaianInstansi,
    Periode,
    Putaran,
    ReviuInstansi,
)


def jejak(berkas_ids) -> str:
    """A fingerprint of a set of files (their ids, sorted)."""
    return ",".join(str(pk) for pk in sorted(berkas_ids))


def indikator_dan_butir(
    instrumen_id: int, indikator: Indikator | None = None
) -> list[tuple[Indikator, list[Butir]]]:
    """The instrument's indicators in order (with their aspect), each with its items in
    order, `butir.indikator` set so `butir.kode` costs nothing; or only `indikator` (two
    queries)."""
    pilih = {"pk": indikator.pk} if indikator else {}
    rows = list(
        Indikator.objects.filter(instrumen_id=instrumen_id, **pilih)
        .select_related("aspek")
        .order_by("nomor")
    )
    per_indikator: dict[int, list[Butir]] = {i.pk: [] for i in rows}
    by_pk = {i.pk: i for i in rows}
    for b in Butir.objects.filter(indikator__in=rows).order_by(
        "indikator__nomor", "level", "nomor"
    ):
        b.indikator = by_pk[b.indikator_id]
        per_indikator[b.indikator_id].append(b)
    return [(i, per_indikator[i.pk]) for i in rows]


def peta_pengampu(
    periode: Periode, opd_id: int | None = None
) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """({butir id: OPD ids}, {indikator id: OPD ids}) of the period, or of one OPD's rows
    (one query)."""
    per_butir: dict[int, set[int]] = {}
    per_indikator: dict[int, set[int]] = {}
    rows = Pengampu.objects.filter(periode=periode)
    if opd_id is not None:
        rows = rows.filter(opd_id=opd_id)
    for indikator_id, butir_id, opd_id in rows.values_list("indikator_id", "butir_id", "opd_id"):
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


def mengampu_indikator(periode: Periode, opd_id: int | None, indikator: Indikator) -> bool:
    """Whether the OPD holds the whole indicator (its value, for an externally valued one)."""
    return (
        bool(opd_id)
        and Pengampu.objects.filter(
            periode=periode, opd_id=opd_id, indikator=indikator, butir__isnull=True
        ).exists()
    )


# The national results: a later round replaces an earlier one — for an item its verdict, for an
# indicator its value (a round that gives none leaves the earlier value standing). One query each.


def nasional_butir_terakhir(
    periode: Periode, indikator: Indikator | None = None
) -> dict[int, HasilButirNasional]:
    """{butir id: the latest round's verdict}, with the round and the item (of `indikator`
    only, when given)."""
    pilih = {"butir__indikator": indikator} if indikator else {}
    latest: dict[int, HasilButirNasional] = {}
    for h in (
        HasilButirNasional.objects.filter(putaran__penilaian__periode=periode, **pilih)
        .select_related("putaran", "butir__indikator")
        .order_by("putaran__nomor")
    ):
        latest[h.butir_id] = h
    return latest


def nasional_indikator_terakhir(
    periode: Periode, indikator: Indikator | None = None
) -> dict[int, HasilIndikatorNasional]:
    """{indikator id: the latest round's result that gave a value}, with the indicator (of
    `indikator` only, when given)."""
    pilih = {"indikator": indikator} if indikator else {}
    latest: dict[int, HasilIndikatorNasional] = {}
    for h in (
        HasilIndikatorNasional.objects.filter(
            putaran__penilaian__periode=periode, nilai__isnull=False, **pilih
        )
        .select_related("indikator")
        .order_by("putaran__nomor")
    ):
        latest[h.indikator_id] = h
    return latest


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
    status_butir: str = ""
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
    def jejak_berkas(self) -> str:
        """The live files of every answer, as the asesor's page showed them (see
        services.jejak_berkas): a verdict on a page older than the files is refused."""
        return jejak([f.pk for a in self.isian for f in a.berkas_hidup])

    @property
    def putusan_internal(self) -> str:
        return getattr(self.reviu, "putusan", "")

    @property
    def putusan_nasional(self) -> str:
        return getattr(self.nasional, "putusan", "")

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
    laporan_eksternal: list[IsianEksternal] = field(default_factory=list)  # newest first

    @property
    def internal(self) -> Decimal | None:
        return self.ditetapkan.nilai if self.ditetapkan else self.dihitung

    @property
    def nilai_nasional(self) -> Decimal | None:
        return self.nasional.nilai if self.nasional else None

    @property
    def nilai_ditetapkan(self) -> Decimal | None:
        return self.ditetapkan.nilai if self.ditetapkan else None

    @property
    def pengampu_semua(self) -> set[int]:
        """Every OPD holding the indicator or one of its items."""
        return self.pengampu.union(*(b.pengampu for b in self.butir))

    @property
    def jumlah_diterima(self) -> int:
        return sum(1 for b in self.butir if b.status_butir == butir_rules.Putusan.DITERIMA)


@dataclass
class KeadaanInstansi:
    penilaian: PenilaianInstansi
    indikator: list[IndikatorRow]
    putaran: list[Putaran]
    sebagian: bool = False  # one indicator only: no index
    _definisi: scoring.InstrumenDef | None = None

    def butir_rows(self):
        for row in self.indikator:
            yield from row.butir

    @property
    def jumlah_diterima(self) -> int:
        return sum(row.jumlah_diterima for row in self.indikator)

    def indeks(self, kolom: str) -> scoring.HasilIndeks | None:
        """The index from one column of values (mandiri, internal, nasional); None while no
        indicator has a value in it, or for the state of one indicator."""
        if self.sebagian:
            return None
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
        if self._definisi is None:  # read once, whichever columns are asked for
            self._definisi = scoring_def(self.penilaian.periode.instrumen)
        return scoring.hitung(self._definisi, values)


def keadaan_instansi(
    penilaian: PenilaianInstansi, indikator: Indikator | None = None
) -> KeadaanInstansi:
    """Everything about the penilaian instansi, per indicator and item — or about one
    indicator (a page of one indicator or item reads no more; it has no index). Eleven
    queries whatever the size."""
    periode = penilaian.periode
    instrumen = periode.instrumen
    struktur = indikator_dan_butir(instrumen.pk, indikator)
    per_butir, per_indikator = peta_pengampu(periode)
    pilih_butir = {"butir__indikator": indikator} if indikator else {}
    pilih = {"indikator": indikator} if indikator else {}
    isian: dict[int, list[IsianButir]] = {}
    for row in (
        IsianButir.objects.filter(penilaian=penilaian, **pilih_butir)
        .select_related("opd")
        .prefetch_related(
            Prefetch(
                "berkas",
                queryset=BerkasInstansi.objects.filter(dihapus_pada__isnull=True).select_related(
                    "ditautkan_oleh", "versi__dokumen"
                ),
                to_attr="berkas_hidup",
            )
        )
        .order_by("opd__urutan", "opd__nama")
    ):
        isian.setdefault(row.butir_id, []).append(row)
    reviu = {
        r.butir_id: r
        for r in ReviuInstansi.objects.filter(penilaian=penilaian, **pilih_butir).select_related(
            "oleh"
        )
    }
    ditetapkan = {
        n.indikator_id: n
        for n in NilaiInstansi.objects.filter(penilaian=penilaian, **pilih).select_related("oleh")
    }
    laporan: dict[int, list[IsianEksternal]] = {}
    for row in (
        IsianEksternal.objects.filter(penilaian=penilaian, **pilih)
        .select_related("opd", "diubah_oleh")
        .order_by("-diubah", "-pk")
    ):
        laporan.setdefault(row.indikator_id, []).append(row)
    putaran = list(penilaian.putaran.order_by("nomor"))
    nasional_butir = nasional_butir_terakhir(periode, indikator)
    nasional_indikator = nasional_indikator_terakhir(periode, indikator)

    rows = {
        i.pk: IndikatorRow(
            indikator=i,
            pengampu=set(per_indikator.get(i.pk, ())),
            ditetapkan=ditetapkan.get(i.pk),
            nasional=nasional_indikator.get(i.pk),
            laporan_eksternal=laporan.get(i.pk, []),
        )
        for i, _ in struktur
    }
    for b in (b for _, items in struktur for b in items):
        row = rows[b.indikator_id]
        answers = isian.get(b.pk, [])
        pengampu = aturan.pengampu_butir(b.pk, b.indikator_id, per_butir, per_indikator)
        for a in answers:
            # An OPD released from the item can no longer change or withdraw its answer: it
            # goes forward only if the Koordinator chose it.
            a.bukan_pengampu = a.opd_id not in pengampu
        isian_keadaan = [
            aturan.IsianKeadaan(
                a.opd_id,
                bool(a.berkas_hidup),
                False if a.bukan_pengampu and a.dipilih is not True else a.dipilih,
            )
            for a in answers
        ]
        verdict = reviu.get(b.pk)
        row.butir.append(
            ButirRow(
                butir=b,
                pengampu=pengampu,
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
            # What the pengampu reported (the newest value), else as internal.
            dilaporkan = next((r.nilai for r in row.laporan_eksternal if r.nilai is not None), None)
            row.mandiri = dilaporkan if dilaporkan is not None else row.internal
            continue
        keadaan = [r.keadaan for r in row.butir]
        hasil = butir_rules.hitung(keadaan, instrumen.kredit_parsial)
        row.mandiri = aturan.nilai_mandiri(keadaan, instrumen.kredit_parsial)
        row.dihitung = hasil.nilai
        for r in row.butir:
            r.status_butir = butir_rules.status(r.keadaan, hasil)
    return KeadaanInstansi(
        penilaian=penilaian,
        indikator=list(rows.values()),
        putaran=putaran,
        sebagian=indikator is not None,
    )


def peta_halaman(periode: Periode) -> list[dict]:
    """The map page: per indicator its pengampu rows and its items with theirs (three
    queries)."""
    rows: dict[tuple[int, int | None], list[Pengampu]] = {}
    for p in Pengampu.objects.filter(periode=periode).select_related("opd"):
        rows.setdefault((p.indikator_id, p.butir_id), []).append(p)
    hasil = []
    for i, items in indikator_dan_butir(periode.instrumen_id):
        butir_rows = [{"butir": b, "pengampu": rows.get((i.pk, b.pk), [])} for b in items]
        hasil.append(
            {
                "indikator": i,
                "pengampu": rows.get((i.pk, None), []),
                "butir": butir_rows,
                "butir_berpengampu": sum(1 for r in butir_rows if r["pengampu"]),
            }
        )
    return hasil


@dataclass
class KemajuanOpd:
    opd_id: int
    nama: str
    diampu: int = 0
    berkas: int = 0  # items where this OPD's answer has files
    diterima: int = 0
    revisi: int = 0
    diubah: object = None

    @property
    def belum(self) -> int:
        return self.diampu - self.berkas

    @property
    def persen(self) -> int:
        return round(100 * self.berkas / self.diampu) if self.diampu else 0


def kemajuan_pengampu(keadaan: KeadaanInstansi, nama_opd: dict[int, str]) -> list[KemajuanOpd]:
    """Progress per pengampu OPD (who is late): items held, answered with files, accepted and
    sent back; the least advanced first. Reads only what `keadaan` already holds."""
    per_opd: dict[int, KemajuanOpd] = {}
    for row in keadaan.butir_rows():
        mine = {i.opd_id: i for i in row.isian}
        for opd_id in row.pengampu:
            k = per_opd.setdefault(opd_id, KemajuanOpd(opd_id, nama_opd.get(opd_id, "?")))
            k.diampu += 1
            isian = mine.get(opd_id)
            if isian is not None and isian.berkas_hidup:
                k.berkas += 1
            if isian is not None and isian.diubah and (k.diubah is None or isian.diubah > k.diubah):
                k.diubah = isian.diubah
            putusan = getattr(row.reviu, "putusan", "")
            if putusan == butir_rules.Putusan.DITERIMA:
                k.diterima += 1
            elif putusan == butir_rules.Putusan.REVISI:
                k.revisi += 1
    return sorted(per_opd.values(), key=lambda k: (k.persen, k.nama))


def ringkasan_pengampu(periode: Periode | None, opd_id: int | None) -> dict | None:
    """The operator's home card: how many items the OPD holds in the period, how many have
        its files, how many the asesor sent back, how many external index values it reports (five
    queries; None when it holds nothing)."""
    if periode is None or not opd_id or not hasattr(periode, "instansi"):
        return None
    items = butir_diampu(periode, opd_id)
    eksternal = (
        Pengampu.objects.filter(periode=periode, opd_id=opd_id, butir__isnull=True)
        .exclude(indikator__sumber_eksternal="")
        .count()
    )
    if not items and not eksternal:
        return None
    ids = [b.pk for b in items]
    berkas = (
        IsianButir.objects.filter(
            penilaian__periode=periode,
            opd_id=opd_id,
            butir__in=ids,
            berkas__dihapus_pada__isnull=True,
        )
        .values("butir")
        .distinct()
        .count()
    )
    revisi = ReviuInstansi.objects.filter(
        penilaian__periode=periode, butir__in=ids, putusan=butir_rules.Putusan.REVISI
    ).count()
    return {
        "periode": periode,
        "jumlah": len(items),
        "berkas": berkas,
        "revisi": revisi,
        "eksternal": eksternal,
    }


def ringkasan_asesor(periode: Periode | None) -> dict | None:
    """The evaluator's home card: items of the penilaian instansi with files and no verdict."""
    if periode is None or not hasattr(periode, "instansi"):
        return None
    penilaian = periode.instansi
    with_files = set(
        BerkasInstansi.objects.filter(
            isian__penilaian=penilaian, dihapus_pada__isnull=True
        ).values_list("isian__butir_id", flat=True)
    )
    judged = set(
        ReviuInstansi.objects.filter(penilaian=penilaian)
        .exclude(putusan="")
        .values_list("butir_id", flat=True)
    )
    return {"periode": periode, "menunggu": len(with_files - judged), "berkas": len(with_files)}


KOLOM = ("mandiri", "internal", "nasional")


def ringkasan_dasbor(penilaian: PenilaianInstansi) -> dict:
    """The dashboard's view of the pemda's own penilaian: per aspect and for the index, the
    values mandiri, internal and nasional side by side (a column is empty until every
    indicator has a value in it)."""
    keadaan = keadaan_instansi(penilaian)
    hasil = {k: keadaan.indeks(k) for k in KOLOM}
    aspek = {}
    for row in keadaan.indikator:
        aspek.setdefault(row.indikator.aspek.nomor, row.indikator.aspek)
    baris = [
        {
            "aspek": a,
            "nilai": [
                hasil[k].aspek.get(nomor) if hasil[k] and hasil[k].lengkap else None for k in KOLOM
            ],
        }
        for nomor, a in sorted(aspek.items())
    ]
    indeks = [hasil[k] if hasil[k] and hasil[k].lengkap else None for k in KOLOM]
    return {"penilaian": penilaian, "aspek": baris, "indeks": indeks}


def tren_instansi() -> list[dict]:
    """The pemda's index per year, mandiri / internal / nasional (None while incomplete)."""
    hasil = []
    for penilaian in PenilaianInstansi.objects.select_related("periode__instrumen").order_by(
        "periode__tahun"
    ):
        keadaan = keadaan_instansi(penilaian)
        row = {"tahun": penilaian.periode.tahun}
        for k in KOLOM:
            h = keadaan.indeks(k)
            row[k] = h.indeks if h and h.lengkap else None
        if any(row[k] is not None for k in KOLOM):  # a year with nothing to plot is left out
            hasil.append(row)
    return hasil
