"""Rules of an application/domain request (SPEC §15): which documents it needs, which status
may follow which and who may take each step. Pure: no Django."""

from dataclasses import dataclass

DRAF, DIAJUKAN, PERLU_PERBAIKAN, DISETUJUI, DITOLAK = (
    "draf",
    "diajukan",
    "perlu_perbaikan",
    "disetujui",
    "ditolak",
)
# The OPD changes fields and documents only while the request is in its hands.
DAPAT_DIUBAH = frozenset({DRAF, PERLU_PERBAIKAN})
FINAL = frozenset({DISETUJUI, DITOLAK})

# Document kinds (the electronic-system registration file of the province).
SURAT, SOP, KAK, KATEGORI, SERTIFIKASI, SPESIFIKASI, DASAR_HUKUM = (
    "surat",
    "sop",
    "kak",
    "kategori",
    "sertifikasi",
    "spesifikasi",
    "dasar_hukum",
)
SELALU = (SURAT, SOP, KAK, KATEGORI, DASAR_HUKUM)
# Only for systems built outside Diskominfo: the vendor's certification and specifications.
BILA_BUKAN_DISKOMINFO = (SERTIFIKASI, SPESIFIKASI)


def dokumen_wajib(*, dibangun_diskominfo: bool) -> tuple[str, ...]:
    """The document kinds a request must carry before it is submitted."""
    return SELALU if dibangun_diskominfo else SELALU + BILA_BUKAN_DISKOMINFO


def dokumen_kurang(*, dibangun_diskominfo: bool, ada: set[str]) -> list[str]:
    """The required kinds missing from `ada`, in the order of `dokumen_wajib`."""
    return [j for j in dokumen_wajib(dibangun_diskominfo=dibangun_diskominfo) if j not in ada]


class LangkahTidakSah(Exception):
    """A step the table does not allow, or not to this user; the message is for users."""


OPD, PENINJAU = "opd", "peninjau"


@dataclass(frozen=True)
class Langkah:
    ke: str
    label: str
    # Who takes it: the requesting OPD's operators, or the reviewer (Diskominfo, Admin).
    pihak: str
    perlu_catatan: bool = False


LANGKAH: dict[str, tuple[Langkah, ...]] = {
    DRAF: (Langkah(DIAJUKAN, "Ajukan", OPD),),
    DIAJUKAN: (
        Langkah(DISETUJUI, "Setujui", PENINJAU),
        Langkah(PERLU_PERBAIKAN, "Minta perbaikan", PENINJAU, perlu_catatan=True),
        Langkah(DITOLAK, "Tolak", PENINJAU, perlu_catatan=True),
    ),
    PERLU_PERBAIKAN: (Langkah(DIAJUKAN, "Ajukan ulang", OPD),),
    DISETUJUI: (),
    DITOLAK: (),
}

# Badge colour per status (Bootstrap's text-bg-*).
WARNA = {
    DRAF: "light border",
    DIAJUKAN: "primary",
    PERLU_PERBAIKAN: "warning",
    DISETUJUI: "success",
    DITOLAK: "danger",
}


def langkah_boleh(dari: str, *, pihak: set[str]) -> tuple[Langkah, ...]:
    """The steps from `dari` a user on the sides `pihak` may take."""
    return tuple(s for s in LANGKAH.get(dari, ()) if s.pihak in pihak)


def periksa_langkah(
    dari: str, ke: str, *, pihak: set[str], catatan: str, kurang: list[str]
) -> Langkah:
    """The step from `dari` to `ke`, or LangkahTidakSah with the reason in Indonesian.
    `kurang`: the labels of required documents still missing (blocks submitting)."""
    for step in LANGKAH.get(dari, ()):
        if step.ke != ke:
            continue
        if step.pihak not in pihak:
            raise LangkahTidakSah(
                "Hanya Diskominfo (Admin) yang meninjau permohonan."
                if step.pihak == PENINJAU
                else "Hanya operator OPD pemohon yang dapat mengajukan permohonan ini."
            )
        if step.perlu_catatan and not catatan.strip():
            raise LangkahTidakSah(f"Tuliskan catatan untuk langkah “{step.label}”.")
        if step.ke == DIAJUKAN and kurang:
            raise LangkahTidakSah("Lengkapi dokumen sebelum mengajukan: " + ", ".join(kurang) + ".")
        return step
    raise LangkahTidakSah("Status permohonan sudah berubah; muat ulang halaman ini.")
