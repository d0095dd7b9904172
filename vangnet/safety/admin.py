"""The functional admin sets each team's default bottom lines (no case content here)."""

from django.contrib import admin

from vangnet.accounts.admin import FunctionalAdminOnly
from vangnet.safety.models import BottomLineTemplate


@admin.register(BottomLineTemplate)
class BottomLineTemplateAdmin(FunctionalAdminOnly, admin.ModelAdmin):
    list_display = ("team", "kind", "text", "number", "order")
    list_filter = ("team", "kind")
    ordering = ("team", "order", "id")

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)
