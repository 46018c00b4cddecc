from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API. An app only for its one model: the answers kept for Idempotency-Key retries."""

    name = "closeknit.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"
