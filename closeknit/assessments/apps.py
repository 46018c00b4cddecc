from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "closeknit.assessments"
    label = "assessments"
