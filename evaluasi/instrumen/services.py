"""Writes on instruments: save an imported or edited instrument, copy one into a new year,
freeze it once a period uses it, choose the default, and edit a level's criteria text.

A frozen instrument raises `InstrumenTerkunci`; criteria and bands keep their history
(Log aktivitas)."""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from evaluasi.galat import Terkunci
from evaluasi.instrumen.spreadsheet import InstrumenData
from evaluasi.models import (
    Aspek,
    Butir,
    Domain,
    Indikator,
    Instrumen,
    KriteriaLevel,
    Predikat,
)
from evaluasi.padanan.services import padanan_pulihkan, padanan_sisihkan


class InstrumenTerkunci(Terkunci):
    """Raised on any attempt to change a frozen instrument."""

    def __init__(self, instrumen: Instrumen):
        super().__init__(
            f"Instrumen {instrumen.nama} sudah dipakai periode evaluasi sehingga terkunci dan "
            "tidak dapat diubah. Gunakan 'Salin sebagai versi baru' untuk membuat salinan yang "
            "dapat diubah."
        )


@transaction.atomic
def instrumen_save(*, data: InstrumenData, asal: Instrumen | None = None) -> Instrumen:
    """Create the instrument `data.kode`, or replace the content of an unfrozen one.

    `data` must already be valid (see instrumen.spreadsheet.validate). Raises InstrumenTerkunci.
    """
    instrumen = Instrumen.objects.select_for_update().filter(kode=data.kode).first()
    if instrumen is None:
        instrumen = Instrumen(kode=data.kode, asal=asal)
    elif instrumen.terkunci:
        raise InstrumenTerkunci(instrumen)
    instrumen.nama = data.nama
    instrumen.dasar_hukum = data.dasar_hukum
    instrumen.keterangan = data.keterangan
    instrumen.kredit_parsial = data.kredit_parsial
    instrumen.berlaku_mulai = data.berlaku_mulai
    instrumen.nilai_eksternal_bawaan = data.nilai_eksternal_bawaan
    instrumen.nama_level = {str(k): v for k, v in sorted(data.nama_level.items())}
    instrumen.save()
    # Replacing the content is safe: only a frozen instrument has answers pointing at it. A
    # crosswalk may point at its indicators: set aside, then put back by indicator number.
    padanan = padanan_sisihkan(instrumen=instrumen)
    instrumen.domain.all().delete()
    instrumen.aspek.all().delete()
    instrumen.predikat.all().delete()

    domains = {
        d.nomor: Domain.objects.create(
            instrumen=instrumen, nomor=d.nomor, nama=d.nama, bobot=d.bobot
        )
        for d in data.domain
    }
    aspects = {
        a.nomor: Aspek.objects.create(
            instrumen=instrumen,
            domain=domains.get(a.domain) if a.domain is not None else None,
            nomor=a.nomor,
            nama=a.nama,
            bobot=a.bobot,
        )
        for a in data.aspek
    }
    indikator = Indikator.objects.bulk_create(
        Indikator(
            instrumen=instrumen,
            aspek=aspects[i.aspek],
            nomor=i.nomor,
            nama=i.nama,
            bobot=i.bobot,
            kapabilitas=i.kapabilitas,
            kode=i.kode,
            kode_singkat=i.kode_singkat,
            sumber_eksternal=i.sumber_eksternal,
            pembina_eksternal=i.pembina_eksternal,
        )
        for i in data.indikator
    )
    by_number = {i.nomor: i for i in indikator}
    # Criteria and bands keep a history (Log aktivitas); a plain bulk_create would bypass it.
    # The acting user comes from the request (HistoryRequestMiddleware), if any.
    bulk_create_with_history(
        [
            KriteriaLevel(
                indikator=by_number[k.indikator],
                level=k.level,
                # A criteria row without its own level name takes the instrument's.
                nama=k.nama or data.nama_level.get(k.level, ""),
                deskripsi=k.deskripsi,
                bukti="\n".join(k.bukti),
            )
            for k in data.kriteria
        ],
        KriteriaLevel,
    )
    bulk_create_with_history(
        [
            Butir(
                indikator=by_number[b.indikator],
                level=b.level,
                nomor=b.nomor,
                teks=b.teks,
                utama=b.utama,
                kedaluwarsa_bulan=b.kedaluwarsa_bulan,
                indeks_eksternal=b.indeks_eksternal,
                ambang=b.ambang,
            )
            for b in data.butir
        ],
        Butir,
    )
    bulk_create_with_history(
        [
            Predikat(instrumen=instrumen, nama=p.nama, batas_bawah=p.batas_bawah, warna=p.warna)
            for p in data.predikat
        ],
        Predikat,
    )
    padanan_pulihkan(instrumen=instrumen, simpanan=padanan)
    return instrumen


def instrumen_copy(*, instrumen: Instrumen, data: InstrumenData, kode: str, nama: str) -> Instrumen:
    """A new, editable version of `instrumen` (whose content is `data`) under a new kode."""
    data.kode, data.nama = kode, nama
    salinan = instrumen_save(data=data, asal=instrumen)
    return salinan


def instrumen_freeze(*, instrumen: Instrumen) -> None:
    """Freeze an instrument; called when a period starts using it."""
    if not instrumen.terkunci:
        instrumen.terkunci = True
        instrumen.save(update_fields=["terkunci", "diubah"])


@transaction.atomic
def instrumen_set_default(*, instrumen: Instrumen) -> None:
    Instrumen.objects.filter(bawaan=True).exclude(pk=instrumen.pk).update(bawaan=False)
    if not instrumen.bawaan:
        instrumen.bawaan = True
        instrumen.save(update_fields=["bawaan", "diubah"])


def kriteria_update(
    *, kriteria: KriteriaLevel, nama: str, deskripsi: str, bukti: list[str]
) -> KriteriaLevel:
    """Change one level's texts. Raises InstrumenTerkunci when its instrument is frozen."""
    instrumen = kriteria.indikator.instrumen
    if instrumen.terkunci:
        raise InstrumenTerkunci(instrumen)
    kriteria.nama, kriteria.deskripsi, kriteria.bukti = nama, deskripsi, "\n".join(bukti)
    kriteria.full_clean()
    kriteria.save(update_fields=["nama", "deskripsi", "bukti"])
    return kriteria
