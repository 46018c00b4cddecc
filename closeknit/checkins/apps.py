from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "closeknit.checkins"
    label = "checkins"

    def ready(self) -> None:
        from closeknit.accounts.hooks import export_section
        from closeknit.checkins import exports

        export_section("checkins", exports.checkins)
        export_section("reactions_sent", exports.reactions_sent)
