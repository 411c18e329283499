from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.conf import settings

from arsitektur.forms import BerkasField, validate_name_servers
from arsitektur.models import (
    Aplikasi,
    JenisDokumen,
    JenisPermohonan,
    Permohonan,
    StatusPermohonan,
)
from arsitektur.permohonan import aturan
from evaluasi.penilaian import berkas as berkas_rules


def berkas_field(jenis: str) -> str:
    return f"berkas_{jenis}"


class PermohonanForm(forms.ModelForm):
    """A request's fields and one file input per document kind. The application developed
    is chosen only among the OPD's own (another OPD's id is "not a valid choice")."""

    url = forms.URLField(label="URL (usulan domain)", required=False, assume_scheme="https")

    class Meta:
        model = Permohonan
        fields = ["jenis", "aplikasi", "dibangun_diskominfo", *Permohonan.FIELDS_DOMAIN]
        widgets = {
            "jenis": forms.RadioSelect,
            "deskripsi": forms.Textarea(attrs={"rows": 3}),
            "kebutuhan_sistem": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "aplikasi": "Wajib untuk pengembangan aplikasi: pilih dari inventaris OPD Anda.",
            "dibangun_diskominfo": "Bila tidak, lampirkan juga sertifikasi dan spesifikasi "
            "perangkat keras/lunak.",
            "name_server": "Tidak pernah ditampilkan di halaman publik.",
        }

    def __init__(self, *args, opd, ada: frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aplikasi"].queryset = Aplikasi.objects.filter(opd=opd).order_by("nama")
        self.fields["aplikasi"].required = False
        self.fields["jenis"].choices = JenisPermohonan.choices
        self.fields["tahun_pembuatan"].widget.is_localized = False
        wajib_selalu = set(aturan.SELALU)
        for value, label in JenisDokumen.choices:
            catatan = "wajib" if value in wajib_selalu else "wajib bila tidak dibangun Diskominfo"
            sudah = " — sudah diunggah; unggah lagi untuk mengganti" if value in ada else ""
            self.fields[berkas_field(value)] = BerkasField(
                label=label, help_text=f"PDF atau dokumen kantor ({catatan}){sudah}."
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset("Permohonan", "jenis", "aplikasi", "dibangun_diskominfo"),
            Fieldset("Data aplikasi dan domain", *Permohonan.FIELDS_DOMAIN),
            Fieldset(
                "Dokumen",
                HTML(
                    '<p class="small text-body-secondary">Jenis berkas diperiksa dari isinya. '
                    "Dokumen dapat dilengkapi sebelum diajukan.</p>"
                ),
                *(berkas_field(v) for v in JenisDokumen.values),
            ),
        )

    def clean_nama(self) -> str:
        return " ".join(self.cleaned_data["nama"].split())

    def clean_name_server(self) -> str:
        value = self.cleaned_data["name_server"]
        return validate_name_servers(value) if value else ""

    def clean(self):
        data = super().clean()
        pengembangan = data.get("jenis") == JenisPermohonan.PENGEMBANGAN
        if pengembangan and not data.get("aplikasi") and "aplikasi" not in self.errors:
            self.add_error("aplikasi", "Pilih aplikasi yang dikembangkan.")
        if data.get("jenis") == JenisPermohonan.BARU:
            data["aplikasi"] = None
        # Each upload checked by content here too, so the refusal sits on its own input;
        # the service checks again when it stores it.
        self._berkas = {}
        for value in JenisDokumen.values:
            upload = data.get(berkas_field(value))
            if not upload:
                continue
            isi = upload.read()
            try:
                berkas_rules.check(isi, upload.name, max_bytes=settings.BUKTI_MAX_BYTES)
            except berkas_rules.BerkasDitolak as exc:
                self.add_error(berkas_field(value), str(exc))
            else:
                self._berkas[value] = (isi, upload.name)
        return data

    def berkas(self) -> dict[str, tuple[bytes, str]]:
        """The documents uploaded and accepted, {jenis: (content, file name)}."""
        return dict(self._berkas)


class LangkahForm(forms.Form):
    ke = forms.CharField(max_length=20, required=False)
    catatan = forms.CharField(
        required=False,
        max_length=4000,
        error_messages={"max_length": "Catatan terlalu panjang; paling banyak 4.000 karakter."},
    )

    def pesan_galat(self) -> str:
        """One message for the page: the note's own error, else a step that is not known."""
        if "catatan" in self.errors:
            return f"Catatan tidak dapat disimpan: {self.errors['catatan'][0]}"
        return "Langkah tidak dikenal; muat ulang halaman lalu pilih langkahnya lagi."


class SaringForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False)
    opd = forms.ModelChoiceField(label="OPD", required=False, queryset=None, empty_label="Semua")

    def __init__(self, *args, opd_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Semua"), *StatusPermohonan.choices]
        self.fields["opd"].queryset = opd_qs
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
