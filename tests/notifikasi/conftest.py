import pytest


@pytest.fixture
def broker_mati():
    """A broker that is down: tasks go to a port where nothing listens (no in-process run)."""
    from spbe_portal.celery import app

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None

    previous = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = "redis://127.0.0.1:1/0", False
    reset_pools()
    yield
    app.conf.broker_url, app.conf.task_always_eager = previous
    reset_pools()


@pytest.fixture
def smtp_mati(settings):
    """A mail server that is down: SMTP to a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    return settings
