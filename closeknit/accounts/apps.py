from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "closeknit.accounts"
    label = "accounts"

    def ready(self) -> None:
        """Audit the person's account (closeknit.core.audit says what a line may hold); never the password."""
        from auditlog.registry import auditlog

        from closeknit.accounts.models import User

        auditlog.register(User, exclude_fields=["password", "last_login"])
