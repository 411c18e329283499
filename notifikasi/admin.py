from django.contrib import admin

from notifikasi.models import Surel


@admin.register(Surel)
class SurelAdmin(admin.ModelAdmin):
    list_display = ("dibuat", "kepada", "subjek", "status", "percobaan", "terkirim_pada")
    list_filter = ("status",)
    search_fields = ("kepada", "subjek")
    readonly_fields = [f.name for f in Surel._meta.fields]
