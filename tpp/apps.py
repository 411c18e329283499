from django.apps import AppConfig


class TppConfig(AppConfig):
    name = "tpp"
    verbose_name = "TPP"

    def ready(self) -> None:
        # Registers the employee import kinds (opd.import_kinds), also in a Celery worker.
        from tpp import views  # noqa: F401
