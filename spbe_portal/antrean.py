"""Handing work to the Celery broker without letting a broker that is down fail the caller."""

import logging

from kombu.exceptions import KombuError

logger = logging.getLogger(__name__)

# What publishing raises while the broker is unreachable (kombu wraps most of it; a refused
# or reset socket can surface as OSError).
BROKER_DOWN = (KombuError, OSError)


def kirim_tugas(task, *args) -> bool:
    """`task.delay(*args)`; False (and a warning in the log) when the broker cannot take it.

    Callers keep their work in the database (an outbox row, a queued job), so a periodic
    sweep hands it over again once the broker is back.
    """
    try:
        task.delay(*args)
    except BROKER_DOWN as exc:
        logger.warning("Broker tidak dapat dihubungi; %s%s ditunda: %s", task.name, args, exc)
        return False
    return True
