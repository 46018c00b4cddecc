from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "closeknit.assessments"
    label = "assessments"

    def ready(self) -> None:
        from closeknit.assessments import today_cards

        today_cards.register()  # the plan and due check-ups offer themselves to Today

        from closeknit.accounts.hooks import export_section
        from closeknit.assessments import selectors

        export_section("assessments", selectors.export_for)
