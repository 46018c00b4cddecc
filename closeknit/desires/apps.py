from django.apps import AppConfig


class DesiresConfig(AppConfig):
    name = "closeknit.desires"
    label = "desires"

    def ready(self) -> None:
        from closeknit.accounts.hooks import export_section
        from closeknit.desires import (
            selectors,
            signals,  # noqa: F401  (connects the receivers)
        )

        export_section("wishes_and_boundaries", selectors.export_for)
