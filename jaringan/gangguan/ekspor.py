"""The month's disruption recap as .xlsx: the disruptions counted in the month, the recap per
OPD (ranked) and per cause. Saved through `spbe_portal.xlsx`, so a text such as "=1+1" typed
in a form stays text. Times are written in the pemda's local time (Excel has no time zones)."""

from django.utils import timezone
from django.utils.dates import MONTHS
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from jaringan.gangguan.selectors import RekapBulan
from spbe_portal.xlsx import XLSX_CONTENT_TYPE as XLSX_CONTENT_TYPE
from spbe_portal.xlsx import workbook_bytes

FORMAT_WAKTU = "dd-mm-yyyy hh:mm"


def _lokal(waktu):
    return timezone.localtime(waktu).replace(tzinfo=None) if waktu else None


def _lembar(workbook: Workbook, judul: str, header: list[str], rows: list[list], lebar: list[int]):
    sheet = workbook.create_sheet(judul)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for i, w in enumerate(lebar, 1):
        sheet.column_dimensions[get_column_letter(i)].width = w
    return sheet


def rekap_xlsx(rekap: RekapBulan) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    nama_bulan = f"{MONTHS[rekap.bulan]} {rekap.tahun}"
    gangguan = _lembar(
        workbook,
        "Gangguan",
        [
            "OPD",
            "Mulai",
            "Selesai",
            "Durasi (jam)",
            f"Jam pada {nama_bulan}",
            "Layanan terdampak",
            "Penyebab",
            "Keterangan penyebab",
            "Tindakan",
            "Koneksi",
            "Dicatat oleh",
            "Pelapor di lapangan",
        ],
        [
            [
                g.opd.nama,
                _lokal(g.mulai),
                _lokal(g.selesai) if g.selesai else "Masih berlangsung",
                g.jam_total,
                g.jam_bulan,
                g.layanan,
                g.get_penyebab_display(),
                g.penyebab_lain,
                g.tindakan,
                g.koneksi.nama if g.koneksi else "",
                g.pelapor.nama or g.pelapor.username,
                g.nama_pelapor,
            ]
            for g in rekap.gangguan
        ],
        [40, 17, 17, 12, 14, 30, 16, 25, 40, 20, 20, 20],
    )
    for row in gangguan.iter_rows(min_row=2, min_col=2, max_col=3):
        for cell in row:
            cell.number_format = FORMAT_WAKTU
    _lembar(
        workbook,
        "Rekap per OPD",
        ["Peringkat", "OPD", "Jumlah gangguan", "Jumlah jam"],
        [[b.peringkat, b.opd.nama, b.jumlah, b.jam] for b in rekap.per_opd]
        + [["", "Jumlah", rekap.jumlah, rekap.jam]],
        [10, 45, 16, 12],
    )
    _lembar(
        workbook,
        "Per penyebab",
        ["Penyebab", "Jumlah gangguan", "Jumlah jam"],
        [[b.label, b.jumlah, b.jam] for b in rekap.per_penyebab],
        [20, 16, 12],
    )
    return workbook_bytes(workbook)
