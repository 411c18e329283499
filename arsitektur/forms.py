import ipaddress
import re

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings

from arsitektur.models import Aplikasi, TalentaDigital

HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}\.?$"
)


def validate_name_servers(value: str) -> str:
    """A comma- or space-separated list of IP addresses or host names."""
    items = [v for v in re.split(r"[,\s]+", value.strip()) if v]
    for item in items:
        try:
            ipaddress.ip_address(item)
        except ValueError:
            if not HOSTNAME.match(item):
                raise forms.ValidationError(
                    f"'{item}' bukan alamat IP atau nama server yang sah "
                    "(contoh: 103.10.20.30 atau ns1.sulbarprov.go.id)."
                ) from None
    return ", ".join(items)


class BerkasField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and getattr(upload, "size", 0) > settings.BUKTI_MAX_BYTES:
            raise forms.ValidationError(
                f"Berkas terlalu besar; batasnya {settings.BUKTI_MAX_BYTES // (1024 * 1024)} MB."
            )
        return upload


class AplikasiForm(forms.ModelForm):
    # Addresses typed without a scheme get https:// (Django 6's default, chosen explicitly).
    url = forms.URLField(label="URL (usulan domain)", required=False, assume_scheme="https")
    berkas_dokumen = BerkasField(
        label="Dokumen SOP / proses bisnis",
        help_text="PDF atau dokumen kantor; jenis diperiksa dari isi berkas.",
    )

    class Meta:
        model = Aplikasi
        fields = [
            "nama",
            "deskripsi",
            "url",
            "tahun_pembuatan",
            "basis",
            "penyedia_hosting",
            "api_tersedia",
            "kode_sumber_dimiliki",
            "lokasi_kode_sumber",
            "name_server",
            "kebutuhan_sistem",
            "akun_hosting_diberikan",
            "aktif",
        ]
        widgets = {
            "deskripsi": forms.Textarea(attrs={"rows": 3}),
            "kebutuhan_sistem": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "name_server": "Tidak pernah ditampilkan di halaman publik.",
            "lokasi_kode_sumber": "Tidak pernah ditampilkan di halaman publik.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun_pembuatan"].widget.is_localized = False
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_name_server(self) -> str:
        return (
            validate_name_servers(self.cleaned_data["name_server"])
            if self.cleaned_data["name_server"]
            else ""
        )

    def clean_nama(self) -> str:
        return " ".join(self.cleaned_data["nama"].split())


class TalentaForm(forms.ModelForm):
    berkas_sertifikat = BerkasField(label="Berkas sertifikat")

    class Meta:
        model = TalentaDigital
        fields = ["nama", "keahlian", "lembaga", "tahun"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].widget.is_localized = False
        self.helper = FormHelper()
        self.helper.form_tag = False
