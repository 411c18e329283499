"""The .ics of a session invitation (RFC 5545), written by hand: one VEVENT is a few lines,
and the rules that matter are here to see — text escaped (`\\ ; ,` and newlines), lines
folded at 75 octets without splitting a UTF-8 character, CRLF endings, times in UTC. The
tests parse it back with the `icalendar` library. Pure: no Django."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

PRODID = "-//SPBE OPD Portal//Jadwal Evaluasi//ID"
BATAS_OKTET = 75


@dataclass(frozen=True)
class Hadirin:
    email: str
    nama: str = ""


@dataclass(frozen=True)
class Acara:
    uid: str
    urutan: int
    dtstamp: datetime
    mulai: datetime
    selesai: datetime
    ringkasan: str
    deskripsi: str = ""
    lokasi: str = ""
    url: str = ""
    penyelenggara: Hadirin | None = None
    hadirin: list[Hadirin] = field(default_factory=list)
    batal: bool = False


def escape(teks: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (
        teks.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def _param(nilai: str) -> str:
    """A parameter value (CN=…): quoted, since names hold commas; DQUOTE is not allowed."""
    bersih = "".join(c for c in nilai if c not in '"\r\n' and (c >= " " or c == "\t"))
    return f'"{bersih}"'


def lipat(baris: str) -> str:
    """Fold one content line at 75 octets (§3.1); continuation lines begin with a space."""
    hasil: list[str] = []
    potong, oktet, batas = [], 0, BATAS_OKTET
    for c in baris:
        n = len(c.encode("utf-8"))
        if oktet + n > batas:
            hasil.append("".join(potong))
            potong, oktet, batas = [" "], 1, BATAS_OKTET
        potong.append(c)
        oktet += n
    hasil.append("".join(potong))
    return "\r\n".join(hasil)


def _utc(waktu: datetime) -> str:
    if waktu.tzinfo is None:
        raise ValueError("aware datetime required")
    return waktu.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def tulis(acara: Acara) -> str:
    """The whole VCALENDAR: METHOD:REQUEST, or METHOD:CANCEL for a cancelled session."""
    baris = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if acara.batal else 'REQUEST'}",
        "BEGIN:VEVENT",
        f"UID:{acara.uid}",
        f"SEQUENCE:{acara.urutan}",
        f"DTSTAMP:{_utc(acara.dtstamp)}",
        f"DTSTART:{_utc(acara.mulai)}",
        f"DTEND:{_utc(acara.selesai)}",
        f"SUMMARY:{escape(acara.ringkasan)}",
        f"STATUS:{'CANCELLED' if acara.batal else 'CONFIRMED'}",
    ]
    if acara.lokasi:
        baris.append(f"LOCATION:{escape(acara.lokasi)}")
    if acara.url:
        baris.append("URL:" + "".join(c for c in acara.url if c >= " "))
    if acara.deskripsi:
        baris.append(f"DESCRIPTION:{escape(acara.deskripsi)}")
    if acara.penyelenggara:
        p = acara.penyelenggara
        baris.append(f"ORGANIZER;CN={_param(p.nama or p.email)}:mailto:{p.email}")
    for h in acara.hadirin:
        baris.append(
            f"ATTENDEE;CN={_param(h.nama or h.email)};ROLE=REQ-PARTICIPANT;"
            f"PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{h.email}"
        )
    baris += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(lipat(b) + "\r\n" for b in baris)
