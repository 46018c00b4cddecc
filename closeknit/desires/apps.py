from django.apps import AppConfig


class DesiresConfig(AppConfig):
    name = "closeknit.desires"
    label = "desires"

    def ready(self) -> None:
        from closeknit.desires import signals  # noqa: F401  (connects the receivers)
