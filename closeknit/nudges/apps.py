from django.apps import AppConfig


class NudgesConfig(AppConfig):
    name = "closeknit.nudges"
    label = "nudges"

    def ready(self) -> None:
        from closeknit.accounts.hooks import export_section
        from closeknit.nudges import (
            exports,
            signals,  # noqa: F401  (connects the receivers)
        )

        export_section("reminder", exports.reminder)
        export_section("notifications", exports.notifications)
