from django.apps import AppConfig


class WebappConfig(AppConfig):
    name = "closeknit.webapp"
    label = "webapp"
