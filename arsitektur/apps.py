from django.apps import AppConfig


class ArsitekturConfig(AppConfig):
    name = "arsitektur"
    verbose_name = "Arsitektur SPBE"

    def ready(self) -> None:
        # Registers the application import kinds (opd.import_kinds), also in a Celery worker.
        from arsitektur import views  # noqa: F401
