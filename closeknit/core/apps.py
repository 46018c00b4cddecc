from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "closeknit.core"
    label = "core"

    def ready(self) -> None:
        # The project-level task module is not an app, so huey's autodiscovery would miss it.
        from closeknit import tasks  # noqa: F401
        from closeknit.core import audit

        audit.register()
