from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from opd import sso, views
from opd.forms import MasukForm, ResetKataSandiForm

akun_patterns = (
    [
        path(
            "masuk/",
            sso.MasukView.as_view(
                template_name="akun/masuk.html",
                authentication_form=MasukForm,
                redirect_authenticated_user=True,
            ),
            name="masuk",
        ),
        path("keluar/", sso.KeluarView.as_view(), name="keluar"),
        # Single sign-on (OpenID Connect): 404 unless OIDC_RP_CLIENT_ID is set.
        path("sso/masuk/", sso.SsoMasukView.as_view(), name="sso_masuk"),
        path("sso/kembali/", sso.SsoKembaliView.as_view(), name="sso_kembali"),
        path("surel/", views.akun_surel, name="surel"),
        path(
            "kata-sandi/",
            auth_views.PasswordChangeView.as_view(
                template_name="akun/kata_sandi_ubah.html",
                success_url=reverse_lazy("akun:kata_sandi_selesai"),
            ),
            name="kata_sandi",
        ),
        path(
            "kata-sandi/selesai/",
            auth_views.PasswordChangeDoneView.as_view(template_name="akun/kata_sandi_selesai.html"),
            name="kata_sandi_selesai",
        ),
        path(
            "lupa-kata-sandi/",
            auth_views.PasswordResetView.as_view(
                form_class=ResetKataSandiForm,
                template_name="akun/reset.html",
                email_template_name="akun/email_reset.txt",
                subject_template_name="akun/email_reset_subjek.txt",
                success_url=reverse_lazy("akun:reset_terkirim"),
            ),
            name="reset",
        ),
        path(
            "lupa-kata-sandi/terkirim/",
            auth_views.PasswordResetDoneView.as_view(template_name="akun/reset_terkirim.html"),
            name="reset_terkirim",
        ),
        path(
            "atur-kata-sandi/<uidb64>/<token>/",
            auth_views.PasswordResetConfirmView.as_view(
                template_name="akun/reset_konfirmasi.html",
                success_url=reverse_lazy("akun:reset_selesai"),
            ),
            name="reset_konfirmasi",
        ),
        path(
            "atur-kata-sandi/selesai/",
            auth_views.PasswordResetCompleteView.as_view(template_name="akun/reset_selesai.html"),
            name="reset_selesai",
        ),
    ],
    "akun",
)

opd_patterns = (
    [
        path("", views.opd_daftar, name="daftar"),
        path("tambah/", views.opd_tambah, name="tambah"),
        path("ekspor/", views.opd_ekspor, name="ekspor"),
        path("impor/", views.opd_impor, name="impor"),
        path("impor/konfirmasi/", views.opd_impor_konfirmasi, name="impor_konfirmasi"),
        # Background import jobs of every kind (OPD, users, employees, applications).
        path("impor/job/<int:pk>/", views.imporjob_detail, name="imporjob_detail"),
        path(
            "impor/job/<int:pk>/konfirmasi/",
            views.imporjob_konfirmasi,
            name="imporjob_konfirmasi",
        ),
        path("impor/job/<int:pk>/ulang/", views.imporjob_ulang, name="imporjob_ulang"),
        path("<int:pk>/", views.opd_detail, name="detail"),
        path("<int:pk>/ubah/", views.opd_ubah, name="ubah"),
    ],
    "opd",
)

pengguna_patterns = (
    [
        path("", views.pengguna_daftar, name="daftar"),
        path("tambah/", views.pengguna_tambah, name="tambah"),
        path("impor/", views.pengguna_impor, name="impor"),
        path("impor/konfirmasi/", views.pengguna_impor_konfirmasi, name="impor_konfirmasi"),
        path("<int:pk>/ubah/", views.pengguna_ubah, name="ubah"),
        path("<int:pk>/kata-sandi/", views.pengguna_kata_sandi, name="kata_sandi"),
        path("<int:pk>/kirim-tautan/", views.pengguna_kirim_tautan, name="kirim_tautan"),
    ],
    "pengguna",
)
