from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "vangnet.review"
    label = "review"
    verbose_name = _("Plan review")

    def ready(self) -> None:
        # The word data (lemmas, word frequencies) is loaded once per process at start-up,
        # so the first review a user asks for is as fast as the next one.
        from vangnet.review import readability, vague

        vague.warm_up()
        readability.warm_up()
