"""URLs of the network agenda (SPEC §15), namespace `jaringan:` under /jaringan/: the network
standard and connections, the disruption log, MRTG traffic. Each part appends its own block
(an `include` of its urls module keeps its names in `jaringan:`); the access matrices per part
live in tests/jaringan/."""

from django.urls import include, path

from jaringan import beranda

app_name = "jaringan"
urlpatterns = [
    path("", beranda.beranda, name="beranda"),
]

urlpatterns += [path("gangguan/", include("jaringan.gangguan.urls"))]  # the disruption log
urlpatterns += [path("mrtg/", include("jaringan.mrtg.urls"))]  # MRTG traffic per link
urlpatterns += [path("standar/", include("jaringan.standar.urls"))]  # the network standard
