from django.apps import AppConfig


class TppConfig(AppConfig):
    name = "tpp"
    verbose_name = "TPP"
