"""The MRTG log upload: one of the OPD's own links (another OPD's link id is not a choice)
and the .log file, its size checked before it is read."""

from django import forms

from jaringan.models import Koneksi
from jaringan.mrtg import services


class UnggahMrtgForm(forms.Form):
    koneksi = forms.ModelChoiceField(
        label="Koneksi",
        queryset=Koneksi.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Pilih salah satu koneksi OPD ini."},
    )
    berkas = forms.FileField(
        label="Berkas log MRTG (.log)",
        help_text="Berkas .log dari MRTG apa adanya: baris pertama total, lalu baris "
        "`waktu rata_masuk rata_keluar puncak_masuk puncak_keluar` (bita/detik).",
    )

    def __init__(self, *args, opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["koneksi"].queryset = Koneksi.objects.filter(opd=opd).order_by("-tahun", "nama")
        self.fields["koneksi"].label_from_instance = lambda k: f"{k.nama} ({k.tahun}, {k})"
        self.content = b""

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        batas = services.maks_bait()
        if upload.size > batas:  # before reading it into memory
            raise forms.ValidationError(
                f"Berkas terlalu besar ({upload.size / 1024 / 1024:.1f} MB); "
                f"batasnya {batas / 1024 / 1024:.0f} MB."
            )
        self.content = upload.read()
        return upload
