"""MRTG traffic (issue 18, item 3), under /jaringan/mrtg/; names stay `jaringan:`."""

from django.urls import path

from jaringan.mrtg import views

urlpatterns = [
    path("", views.ringkasan, name="mrtg_ringkasan"),
    path("koneksi/<int:pk>/", views.trafik, name="mrtg_trafik"),
    path("opd/<int:pk>/unggah/", views.unggah, name="mrtg_unggah"),
    path("unggahan/<int:pk>/unduh/", views.unduh, name="mrtg_unduh"),
]
