from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "closeknit.practices"
    label = "practices"
