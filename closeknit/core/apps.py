from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "closeknit.core"
    label = "core"

    def ready(self) -> None:
        from huey.contrib.djhuey import pre_execute

        # The project-level task module is not an app, so huey's autodiscovery would miss it.
        from closeknit import tasks  # noqa: F401
        from closeknit.core import audit, crypto

        audit.register()

        @pre_execute(name="closeknit.key_ring")
        def _key_ring(task: object) -> None:
            """A consumer holds the current key ring before each task, as a web worker does per request."""
            crypto.report_in_use()
