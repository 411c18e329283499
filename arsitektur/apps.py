from django.apps import AppConfig


class ArsitekturConfig(AppConfig):
    name = "arsitektur"
    verbose_name = "Arsitektur SPBE"
