from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "closeknit.core"
    label = "core"

    def ready(self) -> None:
        from huey.contrib.djhuey import post_execute

        from closeknit.core import audit, checks, crypto  # noqa: F401  (checks registers itself)

        audit.register()

        @post_execute(name="closeknit.key_ring")
        def _key_ring(task: object, task_value: object, exc: BaseException | None) -> None:
            """A consumer reports its key ring after a task, as a web worker does after a request."""
            crypto.report_in_use()
