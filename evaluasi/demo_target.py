"""Demo targets for seed_demo (SPEC §14): the pemda's overall targets per year in the style of
the Dompu roadmap (1,20 in 2022 rising to 3,84 in 2026 on PermenPANRB 59/2020), a 2027 target
on Pemdi for the new rule's period, per-aspect targets for the Pemdi period the dashboard
opens on, and one OPD's target, so the dashboard shows a target line and gaps on first click.
Idempotent: written through the service, which updates a target with the same key."""

from decimal import Decimal

from evaluasi.instrumen.selectors import instrumen_untuk_tahun
from evaluasi.models import Aspek, Instrumen, TargetIndeks
from evaluasi.target import services
from evaluasi.target.services import BarisTarget
from opd.models import Opd

# The Dompu roadmap's yearly targets on 59/2020 (1,20 → 3,84), and the Pemdi period's.
PETA_RENCANA = {2022: "1.20", 2023: "1.85", 2024: "2.50", 2025: "3.15", 2026: "3.84"}
TAHUN_PEMDI, TARGET_PEMDI = 2027, "2.60"
# Per aspect of the Pemdi instrument in 2027, by aspect number (the rest at the overall).
ASPEK_PEMDI = {1: "3.00", 2: "2.80", 3: "2.20", 4: "2.60", 5: "2.50", 6: "2.40", 7: "2.70"}
OPD_SINGKATAN, TARGET_OPD = "Diskominfopers", "3.20"


def seed_target_demo(*, admin) -> str:
    lama = Instrumen.objects.filter(kode="spbe-2020").first()
    pemdi = instrumen_untuk_tahun(TAHUN_PEMDI)
    rows = []
    if lama is not None:
        rows += [
            BarisTarget(tahun, lama.pk, None, None, None, Decimal(nilai), "Peta Rencana SPBE")
            for tahun, nilai in PETA_RENCANA.items()
        ]
    if pemdi is not None and pemdi != lama:
        rows.append(
            BarisTarget(
                TAHUN_PEMDI,
                pemdi.pk,
                None,
                None,
                None,
                Decimal(TARGET_PEMDI),
                "IKU pemda (Pasal 11 PermenPANRB 8/2026)",
            )
        )
        for aspek in Aspek.objects.filter(instrumen=pemdi, nomor__in=ASPEK_PEMDI):
            rows.append(
                BarisTarget(
                    TAHUN_PEMDI, pemdi.pk, None, None, aspek.pk, Decimal(ASPEK_PEMDI[aspek.nomor])
                )
            )
        opd = Opd.objects.filter(singkatan=OPD_SINGKATAN).first()
        if opd is not None:
            rows.append(BarisTarget(TAHUN_PEMDI, pemdi.pk, opd.pk, None, None, Decimal(TARGET_OPD)))
    if not rows:
        return "Target demo: instrumen belum dimuat."
    services.target_impor(rows=rows, user=admin, nama_berkas="demo")
    return (
        f"Target demo: {TargetIndeks.objects.count()} target (peta rencana 2022–2026 "
        f"1,20 → 3,84, Pemdi {TAHUN_PEMDI} keseluruhan dan per aspek, satu OPD)."
    )
