"""Requests for the tests: a small valid PDF and a request with every document it needs."""

from arsitektur.models import JenisPermohonan, Permohonan

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
SEMUA = ("surat", "sop", "kak", "kategori", "sertifikasi", "spesifikasi", "dasar_hukum")


def permohonan_buat(*, opd, user, nama="SIPADU", lengkap=True, **fields) -> Permohonan:
    from arsitektur.permohonan import services

    p = Permohonan(
        opd=opd,
        jenis=fields.pop("jenis", JenisPermohonan.BARU),
        nama=nama,
        deskripsi=fields.pop("deskripsi", "Layanan pengaduan terpadu."),
        url=fields.pop("url", "https://sipadu.sulbarprov.go.id"),
        **fields,
    )
    berkas = {j: (PDF, f"{j}.pdf") for j in SEMUA} if lengkap else {}
    return services.permohonan_simpan(permohonan=p, user=user, berkas=berkas)
