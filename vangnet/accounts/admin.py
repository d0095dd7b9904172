"""User and team management for the functional admin. No case content is registered here."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from vangnet.accounts import actions
from vangnet.accounts.models import Membership, Organisation, Team, User
from vangnet.audit.context import Actor


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


class NotOwnAccount:
    """Nobody changes their own account here: no granting oneself roles or teams."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and getattr(obj, "pk", None) == request.user.pk:
            return False
        return super().has_change_permission(request, obj)


class MembershipInline(NotOwnAccount, FunctionalAdminOnly, admin.TabularInline):
    model = Membership
    extra = 1

    def has_add_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


@admin.register(User)
class UserAdmin(NotOwnAccount, FunctionalAdminOnly, BaseUserAdmin):
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
        fields = [name for name in form.changed_data if not name.startswith("password")]
        actions.record_account_change(
            Actor.from_request(request), obj, "update" if change else "create", fields=fields
        )
        if change and "is_active" in form.changed_data and not obj.is_active:
            ended = actions.do_deactivate_user(user=obj, actor_user=request.user)
            self.message_user(request, _("%(n)d session(s) ended.") % {"n": ended}, messages.INFO)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            teams = [f"{m.team_id}:{m.role}" for m in form.instance.memberships.all()]
            actions.record_account_change(
                Actor.from_request(request),
                form.instance,
                "update",
                fields=["memberships"],
                extra={"memberships": teams},
            )

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            actions.record_account_change(
                Actor.from_request(request), user, "update", fields=["password"]
            )
        return response

    @admin.action(description=_("Deactivate and end all sessions"))
    def deactivate_users(self, request, queryset):
        for user in queryset.exclude(pk=request.user.pk):
            actions.do_deactivate_user(user=user, actor_user=request.user)
            actions.record_account_change(
                Actor.from_request(request), user, "update", fields=["is_active"]
            )
        self.message_user(request, _("Users deactivated."), messages.SUCCESS)

    @admin.action(description=_("Reset two-factor authentication"))
    def reset_two_factor(self, request, queryset):
        for user in queryset.exclude(pk=request.user.pk):
            actions.do_reset_two_factor(user=user)
            actions.record_account_change(
                Actor.from_request(request), user, "update", fields=["two_factor", "password"]
            )
        self.message_user(
            request,
            _("Two-factor authentication reset. Set a new password for these users."),
            messages.SUCCESS,
        )


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ("organisation", "name", "is_active")

    def clean_is_active(self):
        active = self.cleaned_data["is_active"]
        if (
            not active
            and self.instance.pk
            and self.instance.families.filter(status="open").exists()
        ):
            # Deactivating would leave open files without their team: move them first.
            raise forms.ValidationError(
                _("This team still has open family files. Move or close them first.")
            )
        return active


@admin.register(Team)
class TeamAdmin(FunctionalAdminOnly, admin.ModelAdmin):
    form = TeamForm
    list_display = ("name", "organisation", "is_active")
    list_filter = ("organisation", "is_active")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        actions.record_team_change(
            Actor.from_request(request),
            obj,
            "update" if change else "create",
            fields=list(form.changed_data),
        )


@admin.register(Organisation)
class OrganisationAdmin(FunctionalAdminOnly, admin.ModelAdmin):
    list_display = ("name",)
