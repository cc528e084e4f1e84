from celery import shared_task


@shared_task(name="portal.ping")
def ping() -> str:
    """Proves a worker is alive and consuming; used by the health check and the worker test."""
    return "pong"
