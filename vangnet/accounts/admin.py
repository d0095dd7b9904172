"""User and team management for the functional admin. No case content is registered here."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from vangnet.accounts import actions
from vangnet.accounts.models import Membership, Organisation, Team, User


class FunctionalAdminOnly:
    def _allowed(self, request) -> bool:
        return request.user.is_active and (
            request.user.is_functional_admin or request.user.is_superuser
        )

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, *args):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        # Users and teams are deactivated, never deleted: the access log refers to them.
        return False


class MembershipInline(FunctionalAdminOnly, admin.TabularInline):
    model = Membership
    extra = 1

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


@admin.register(User)
class UserAdmin(FunctionalAdminOnly, BaseUserAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "discipline",
        "organisation_role",
        "is_active",
    )
    list_filter = ("is_active", "discipline", "organisation_role", "memberships__team")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email", "discipline")}),
        (
            _("Organisation"),
            {"fields": ("organisation", "organisation_role", "is_active", "is_staff")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email", "discipline")}),
        (_("Organisation"), {"fields": ("organisation", "organisation_role")}),
    )
    readonly_fields = ("last_login", "date_joined")
    inlines = [MembershipInline]
    actions = ["deactivate_users", "reset_two_factor"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            ended = actions.do_deactivate_user(user=obj, actor_user=request.user)
            self.message_user(request, _("%(n)d session(s) ended.") % {"n": ended}, messages.INFO)

    @admin.action(description=_("Deactivate and end all sessions"))
    def deactivate_users(self, request, queryset):
        for user in queryset:
            actions.do_deactivate_user(user=user, actor_user=request.user)
        self.message_user(request, _("Users deactivated."), messages.SUCCESS)

    @admin.action(description=_("Reset two-factor authentication"))
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            actions.do_reset_two_factor(user=user)
        self.message_user(request, _("Two-factor authentication reset."), messages.SUCCESS)


@admin.register(Team)
class TeamAdmin(FunctionalAdminOnly, admin.ModelAdmin):
    list_display = ("name", "organisation", "is_active")
    list_filter = ("organisation", "is_active")


@admin.register(Organisation)
class OrganisationAdmin(FunctionalAdminOnly, admin.ModelAdmin):
    list_display = ("name",)
