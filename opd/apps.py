from django.apps import AppConfig


class OpdConfig(AppConfig):
    name = "opd"
    verbose_name = "OPD dan pengguna"

    def ready(self) -> None:
        # Registers the OPD and user import kinds (opd.import_kinds), also in a Celery worker.
        from opd import views  # noqa: F401
