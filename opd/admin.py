from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from opd.models import Opd, Pengguna


@admin.register(Opd)
class OpdAdmin(SimpleHistoryAdmin):
    # Imports go through the portal's own pages and `import_opd`, which apply the import rules.
    list_display = ("kode", "nama", "singkatan", "jenis", "aktif", "urutan")
    list_filter = ("jenis", "aktif")
    search_fields = ("kode", "nama", "singkatan")
    list_select_related = ("induk",)


@admin.register(Pengguna)
class PenggunaAdmin(SimpleHistoryAdmin, UserAdmin):
    list_display = ("username", "nama", "peran", "opd", "is_active")
    list_filter = ("peran", "is_active")
    search_fields = ("username", "nama", "nip", "email")
    list_select_related = ("opd",)
    ordering = ("nama",)
    readonly_fields = ("is_staff", "is_superuser", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Data diri", {"fields": ("nama", "nip", "email")}),
        ("Peran", {"fields": ("peran", "opd")}),
        # Staff and superuser follow the portal role (Pengguna.save): shown, never edited.
        ("Izin Django admin", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Waktu", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "nama", "peran", "opd", "password1", "password2")}),
    )
