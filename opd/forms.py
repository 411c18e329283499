"""Forms of the ground layer: login and password reset, OPD and user editing, filters and the
spreadsheet upload."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader

from opd.models import JenisOpd, Opd, Pengguna, Peran
from opd.spreadsheet import SpreadsheetError, read_dataset


class MasukForm(AuthenticationForm):
    """Login form with our own wording (Django's Indonesian catalogue repeats the field name)."""

    error_messages = {
        "invalid_login": "Nama pengguna atau kata sandi salah. Perhatikan huruf besar/kecil.",
        "inactive": "Akun ini dinonaktifkan. Hubungi Admin Diskominfo.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Nama pengguna"
        self.fields["password"].label = "Kata sandi"


class ResetKataSandiForm(PasswordResetForm):
    """Password reset whose e-mail goes through the outbox and the worker: the answer takes
    the same time for a registered and an unknown address (no SMTP in the request)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from notifikasi.services import surel_antre

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        surel_antre(kepada=[to_email], subjek=subject, isi=body)


class OpdForm(forms.ModelForm):
    class Meta:
        model = Opd
        fields = ["kode", "nama", "singkatan", "jenis", "induk", "aktif", "urutan"]
        help_texts = {
            "kode": "Kode tetap yang dipakai untuk mencocokkan saat impor, mis. OPD-007.",
            "urutan": "Urutan tampil di daftar dan laporan (kecil lebih dulu).",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        induk = Opd.objects.filter(aktif=True).order_by("nama")
        if self.instance.pk:
            induk = induk.exclude(pk=self.instance.pk)
        self.fields["induk"].queryset = induk
        self.fields["induk"].required = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Simpan", css_class="btn-primary"))

    def clean_nama(self) -> str:
        nama = " ".join(self.cleaned_data["nama"].split())
        others = Opd.objects.exclude(pk=self.instance.pk).filter(nama__iexact=nama)
        if others.exists():
            raise forms.ValidationError(f"Nama ini sudah dipakai OPD berkode {others[0].kode}.")
        return nama

    def clean_kode(self) -> str:
        kode = self.cleaned_data["kode"].strip()
        if " " in kode:
            raise forms.ValidationError("Kode tidak boleh mengandung spasi.")
        return kode

    def clean_singkatan(self) -> str:
        return " ".join(self.cleaned_data["singkatan"].split())


class OpdFilterForm(forms.Form):
    q = forms.CharField(label="Cari", required=False)
    jenis = forms.ChoiceField(
        label="Jenis", required=False, choices=[("", "Semua jenis"), *JenisOpd.choices]
    )
    aktif = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Semua status"), ("1", "Aktif"), ("0", "Nonaktif")],
    )


class PenggunaForm(forms.ModelForm):
    # NIP is often written with spaces (19800101 200501 1 001); they are removed in clean_nip.
    nip = forms.CharField(label="NIP", required=False, max_length=30, help_text="18 digit.")
    password1 = forms.CharField(
        label="Kata sandi awal",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Kosongkan agar pengguna menerima tautan untuk membuat kata sandinya sendiri "
        "lewat email.",
    )
    password2 = forms.CharField(
        label="Ulangi kata sandi",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = Pengguna
        fields = ["username", "nama", "nip", "email", "peran", "opd", "is_active"]
        labels = {"username": "Nama pengguna", "is_active": "Aktif (boleh masuk)"}
        help_texts = {"username": "Huruf kecil, angka, titik, atau garis bawah."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = Opd.objects.filter(aktif=True).order_by("nama")
        self.fields["opd"].help_text = "Wajib untuk Operator OPD."
        if self.instance.pk:
            # Passwords of existing accounts change on their own page.
            del self.fields["password1"]
            del self.fields["password2"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", "Simpan", css_class="btn-primary"))

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def clean_nama(self) -> str:
        return " ".join(self.cleaned_data["nama"].split())

    def clean_nip(self) -> str:
        return "".join(self.cleaned_data["nip"].split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("peran") == Peran.OPERATOR and not cleaned.get("opd"):
            self.add_error("opd", "Operator OPD wajib memiliki OPD.")
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 or p2:
            if p1 != p2:
                self.add_error("password2", "Kedua kata sandi tidak sama.")
            else:
                try:
                    password_validation.validate_password(p1, self.instance)
                except forms.ValidationError as exc:
                    self.add_error("password1", exc)
        return cleaned

    @property
    def model_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PenggunaFilterForm(forms.Form):
    q = forms.CharField(label="Cari", required=False)
    peran = forms.ChoiceField(
        label="Peran", required=False, choices=[("", "Semua peran"), *Peran.choices]
    )
    opd = forms.ModelChoiceField(
        label="OPD", required=False, queryset=Opd.objects.order_by("nama"), empty_label="Semua OPD"
    )


class LogAktivitasFilterForm(forms.Form):
    """Filters of the Log aktivitas page; `jenis_data` maps model keys to Indonesian names."""

    jenis = forms.ChoiceField(label="Data", required=False)
    pengguna = forms.ModelChoiceField(
        label="Pengguna",
        required=False,
        queryset=Pengguna.objects.order_by("nama"),
        empty_label="Semua pengguna",
    )
    dari = forms.DateField(
        label="Dari tanggal",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sampai = forms.DateField(
        label="Sampai tanggal",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, jenis_data: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis"].choices = [("", "Semua data"), *jenis_data.items()]

    def clean(self):
        cleaned = super().clean()
        dari, sampai = cleaned.get("dari"), cleaned.get("sampai")
        if dari and sampai and dari > sampai:
            self.add_error("sampai", "Tanggal akhir tidak boleh sebelum tanggal awal.")
        return cleaned


class ImportForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas lembar kerja",
        help_text="Format .xlsx atau .csv; baris pertama berisi judul kolom.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_berkas(self):
        upload = self.cleaned_data["berkas"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"Berkas terlalu besar; batasnya {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB."
            )
        data = upload.read()
        try:
            self.dataset = read_dataset(
                data,
                upload.name,
                max_bytes=settings.IMPORT_MAX_BYTES,
                max_rows=settings.IMPORT_MAX_ROWS,
            )
        except SpreadsheetError as exc:
            raise forms.ValidationError(str(exc)) from exc
        self.data_bytes = data
        return upload
