from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "vangnet.bench"
    label = "bench"
