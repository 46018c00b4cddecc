from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "closeknit.clinic"
    label = "clinic"
