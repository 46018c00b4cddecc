from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "closeknit.safety"
    label = "safety"
