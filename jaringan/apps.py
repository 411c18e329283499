from django.apps import AppConfig


class JaringanConfig(AppConfig):
    name = "jaringan"
    verbose_name = "Jaringan dan internet OPD"
