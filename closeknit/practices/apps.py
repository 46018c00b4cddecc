from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "closeknit.practices"
    label = "practices"

    def ready(self) -> None:
        from closeknit.practices import today_cards

        today_cards.register()  # a conversation the partner opened offers itself to Today

        from closeknit.accounts.hooks import export_section
        from closeknit.practices import selectors

        export_section("practices", selectors.export_for)
