"""User and team management for the functional admin. No case content is registered here."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from vangnet.accounts import actions
from vangnet.accounts.models import (
    AccessChangeRequest,
    ChangeKind,
    Membership,
    Organisation,
    Team,
    User,
)
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
    """Memberships are shown, and may be ended here; a new membership or a higher role is
    asked for as an access change (four eyes), never saved directly."""

    model = Membership
    extra = 0
    fields = ("team", "role")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Ending a membership takes access away: no second person needed.
        return NotOwnAccount.has_change_permission(self, request, obj) and self._allowed(request)


class UserCreationForm(forms.ModelForm):
    """A new account has no password: the user sets one, with their phone, through the
    one-time link that the approver of their first access right receives."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_("Needed when you ask for an organisation role for the new user."),
    )

    class Meta:
        model = User
        fields = (
            "username",
            "first_name",
            "last_name",
            "email",
            "discipline",
            "organisation",
            "organisation_role",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation_role") and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for this role."))
        if cleaned.get("organisation_role") and not cleaned.get("organisation"):
            self.add_error("organisation", _("Choose the organisation of this user."))
        return cleaned


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
        (None, {"fields": ("username",)}),
        (_("Person"), {"fields": ("first_name", "last_name", "email", "discipline")}),
        (
            _("Organisation"),
            {"fields": ("organisation", "organisation_role", "is_active", "is_staff")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_form = UserCreationForm
    add_form_template = None
    add_fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Person"), {"fields": ("first_name", "last_name", "email", "discipline")}),
        (_("Organisation"), {"fields": ("organisation", "organisation_role", "reason")}),
    )
    # Roles and organisation change only through an access change request (four eyes).
    readonly_fields = ("organisation", "organisation_role", "last_login", "date_joined")
    inlines = [MembershipInline]
    actions = ["deactivate_users", "reset_two_factor"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def save_model(self, request, obj, form, change):
        actor = Actor.from_request(request)
        if not change:
            actions.do_create_user(
                actor=actor,
                user=obj,
                organisation_role=form.cleaned_data.get("organisation_role") or "",
                reason=form.cleaned_data.get("reason") or "",
            )
            if obj.organisation_role != (form.cleaned_data.get("organisation_role") or ""):
                self.message_user(
                    request,
                    _("The organisation role waits for approval by a second person."),
                    messages.WARNING,
                )
            return
        fields = [name for name in form.changed_data if not name.startswith("password")]
        ended = actions.do_update_user(actor=actor, user=obj, fields=fields)
        if ended is not None:
            self.message_user(request, _("%(n)d session(s) ended.") % {"n": ended}, messages.INFO)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for membership in formset.deleted_objects:
            actions.do_end_membership(actor=Actor.from_request(request), membership=membership)

    def user_change_password(self, request, id, form_url=""):
        # Nobody sets another person's password: see "reset two-factor authentication".
        raise PermissionDenied

    @admin.action(description=_("Deactivate and end all sessions"))
    def deactivate_users(self, request, queryset):
        for user in queryset.exclude(pk=request.user.pk):
            actions.do_update_user(
                actor=Actor.from_request(request), user=user, fields=["is_active"], active=False
            )
        self.message_user(request, _("Users deactivated."), messages.SUCCESS)

    @admin.action(description=_("Reset two-factor authentication"))
    def reset_two_factor(self, request, queryset):
        asked = 0
        for user in queryset.exclude(pk=request.user.pk):
            try:
                actions.do_request_access_change(
                    actor=Actor.from_request(request),
                    user=user,
                    kind=ChangeKind.RESET_TWO_FACTOR,
                    reason=_("Reset of the second factor asked for in user management."),
                )
            except ValidationError as error:
                self.message_user(request, f"{user}: {' '.join(error.messages)}", messages.ERROR)
            else:
                asked += 1
        self.message_user(
            request,
            _(
                "%(n)d reset(s) asked for. A second person approves each one; the user then "
                "sets up a new password and phone through a one-time link."
            )
            % {"n": asked},
            messages.SUCCESS,
        )


class AccessChangeForm(forms.ModelForm):
    class Meta:
        model = AccessChangeRequest
        fields = (
            "kind",
            "user",
            "organisation_role",
            "team",
            "role",
            "family_reference",
            "grant_ends_at",
            "grant_can_write",
            "reason",
        )
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        if request is not None and "user" in self.fields:
            # Not oneself: nobody asks for their own rights.
            self.fields["user"].queryset = User.objects.exclude(pk=request.user.pk)

    def _post_clean(self):
        # The action validates (the same rules when it saves): errors go to their fields.
        super()._post_clean()
        if self.errors or self.request is None:
            return
        data = self.cleaned_data
        try:
            actions.build_access_change(actor_user=self.request.user, **_change_values(data))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, error)


def _change_values(data) -> dict:
    return {
        "user": data["user"],
        "kind": data["kind"],
        "reason": data.get("reason") or "",
        "organisation_role": data.get("organisation_role") or "",
        "team": data.get("team"),
        "role": data.get("role") or "",
        "family_reference": data.get("family_reference") or "",
        "grant_ends_at": data.get("grant_ends_at"),
        "grant_can_write": data.get("grant_can_write") or False,
    }


@admin.register(AccessChangeRequest)
class AccessChangeRequestAdmin(FunctionalAdminOnly, admin.ModelAdmin):
    """Ask for access rights here; a second person approves them at /account/goedkeuringen/."""

    form = AccessChangeForm
    list_display = ("requested_at", "kind", "user", "summary", "requested_by", "status")
    list_filter = ("status", "kind")
    readonly_fields = (
        "kind",
        "user",
        "organisation_role",
        "team",
        "role",
        "family_reference",
        "grant_ends_at",
        "grant_can_write",
        "reason",
        "status",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
        "decision_note",
    )

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class RequestBound(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, request=request, **kw)

        return RequestBound

    def has_change_permission(self, request, obj=None):
        return False  # a request is decided on the approvals page, never edited

    def save_model(self, request, obj, form, change):
        saved = actions.do_request_access_change(
            actor=Actor.from_request(request), **_change_values(form.cleaned_data)
        )
        obj.pk, obj.requested_by = saved.pk, saved.requested_by

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("kind", request.GET.get("kind", ""))
        return initial


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
        actions.do_save_team(
            actor=Actor.from_request(request), team=obj, fields=list(form.changed_data)
        )


@admin.register(Organisation)
class OrganisationAdmin(FunctionalAdminOnly, admin.ModelAdmin):
    list_display = ("name",)
