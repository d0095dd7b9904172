"""The review a plan version was distributed with: kept as it was, whatever the rules say later."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vangnet.safety.models import PlanVersion


class VersionReview(models.Model):
    plan_version = models.OneToOneField(
        PlanVersion, on_delete=models.CASCADE, related_name="review", verbose_name=_("version")
    )
    status = models.CharField(_("status"), max_length=20)
    findings = models.JSONField(default=list)  # Finding.as_dict() for each finding
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("review of a distributed version")
        verbose_name_plural = _("reviews of distributed versions")

    def __str__(self) -> str:
        return f"{self.plan_version_id} {self.status}"
