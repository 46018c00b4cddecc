from django.apps import AppConfig


class NudgesConfig(AppConfig):
    name = "closeknit.nudges"
    label = "nudges"

    def ready(self) -> None:
        from closeknit.nudges import signals  # noqa: F401  (connects the receivers)
