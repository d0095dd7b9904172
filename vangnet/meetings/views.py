"""Safety-meeting pages. Thin: access and logging live in queries/actions, rules in forms.

A GET with family data logs exactly one entry (through queries); a POST that writes logs
only its action's entry (access comes from the access helpers, which do not log); a POST
with bad input writes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vangnet.accounts.decorators import case_content_required
from vangnet.audit.context import Actor
from vangnet.audit.models import AccessAction
from vangnet.core.concurrency import StaleVersionError
from vangnet.core.forms import apply_validation_error
from vangnet.families import queries as family_queries
from vangnet.families.access import get_family_for_user
from vangnet.meetings import actions, calendar, queries, texts
from vangnet.meetings.access import get_meeting_for_user, get_team_for_user, visible_teams
from vangnet.meetings.forms import (
    ActionDoneForm,
    ActionForm,
    AddendumForm,
    AgendaAddForm,
    AgendaRemoveForm,
    AttendeesForm,
    CadenceForm,
    DecisionForm,
    FinaliseForm,
    InputForm,
    MeetingForm,
    NextReviewForm,
    NotDiscussedForm,
    SeriesForm,
    VersionForm,
)
from vangnet.meetings.models import MeetingAction, MeetingSeries

GET = require_http_methods(["GET"])
GET_POST = require_http_methods(["GET", "POST"])


def _posted(request):
    return request.POST if request.method == "POST" else None


def _meeting_url(meeting_pk, anchor=""):
    url = reverse("meetings:meeting", args=[meeting_pk])
    return f"{url}#{anchor}" if anchor else url


def _errors(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# Overview and team settings ------------------------------------------------------------------


@case_content_required
@GET
def index(request):
    teams = list(visible_teams(request.user))
    writable = {t.pk for t in teams if get_team_for_user(request.user, t.pk).can_write}
    meetings = queries.meetings_of([t.pk for t in teams])
    now = timezone.now()
    return render(
        request,
        "meetings/index.html",
        {
            "teams": teams,
            "writable": writable,
            "upcoming": sorted(
                (m for m in meetings if m.starts_at >= now or not m.final),
                key=lambda m: m.starts_at,
            ),
            "past": [m for m in meetings if m.starts_at < now and m.final],
            "nav": "meetings",
        },
    )


def _series_initial(series: MeetingSeries) -> dict:
    return {name: getattr(series, name) for name in actions.SERIES_FIELDS} | {
        "version": series.version
    }


@case_content_required
@GET_POST
def series_edit(request, team_pk):
    access = get_team_for_user(request.user, team_pk, write=True)
    series = actions.series_for(access.team)
    form = SeriesForm(_posted(request), initial=_series_initial(series))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            actions.do_update_series(
                actor=Actor.from_request(request), access=access, version=version, **data
            )
        except StaleVersionError:
            form.add_error(
                None, _("Someone else changed these settings meanwhile. Open the page again.")
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("meetings:index")
    phased = series.cadence_phase_meetings > 0
    cadence = texts.cadence_plan_text(
        series.default_cadence_days,
        series.cadence_phase_meetings if phased else None,
        series.later_cadence_days if phased else None,
    )
    return render(
        request,
        "meetings/series_form.html",
        {"form": form, "team": access.team, "cadence": cadence, "nav": "meetings"},
    )


def _next_meeting_day(series: MeetingSeries):
    today = timezone.localdate()
    ahead = (series.weekday - today.weekday()) % 7
    return today + timedelta(days=ahead)


@case_content_required
@GET_POST
def meeting_create(request, team_pk):
    access = get_team_for_user(request.user, team_pk, write=True)
    series = actions.series_for(access.team)
    initial = {
        "day": _next_meeting_day(series),
        "start_time": series.start_time,
        "location": series.location,
        "chair": request.user.pk,
    }
    form = MeetingForm(_posted(request), initial=initial, team=access.team)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = timezone.make_aware(datetime.combine(data["day"], data["start_time"]))
        try:
            meeting = actions.do_create_meeting(
                actor=Actor.from_request(request),
                access=access,
                starts_at=starts_at,
                chair=data["chair"],
                location=data["location"],
                attendees=list(data["attendees"]),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The meeting has been planned and its agenda made."))
            return redirect(_meeting_url(meeting.pk))
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "team": access.team, "nav": "meetings"},
    )


# One meeting ---------------------------------------------------------------------------------


@case_content_required
@GET
def meeting_detail(request, meeting_pk):
    # A writer opening a planned meeting brings its agenda up to date first.
    access = queries.open_meeting(Actor.from_request(request), meeting_pk, update_agenda=True)
    context = queries.meeting_page(access)
    meeting = access.meeting
    context.update(
        nav="meetings",
        add_form=AgendaAddForm(families=context["addable"])
        if context["addable"].exists()
        else None,
        attendees_form=AttendeesForm(
            team=meeting.team,
            initial={
                "chair": meeting.chair_id,
                "attendees": [a.user_id for a in context["attendees"]],
                "version": meeting.version,
            },
        ),
        addendum_form=AddendumForm(),
    )
    return render(request, "meetings/meeting.html", context)


def _post_meeting(request, meeting_pk):
    """Write access to a meeting for a POST: 404 outsiders, 403 readers; nothing logged."""
    return get_meeting_for_user(request.user, meeting_pk, write=True)


@case_content_required
@require_POST
def agenda_add(request, meeting_pk):
    access = _post_meeting(request, meeting_pk)
    form = AgendaAddForm(
        request.POST,
        families=family_queries.Family.objects.filter(team=access.meeting.team, status="open"),
    )
    if not form.is_valid():
        messages.error(request, _("Choose a family and give the reason for adding it."))
        return redirect(_meeting_url(meeting_pk, "agenda"))
    family_access = get_family_for_user(request.user, form.cleaned_data["family"].pk, write=True)
    try:
        actions.do_add_to_agenda(
            actor=Actor.from_request(request),
            access=access,
            family_access=family_access,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The family has been added to the agenda."))
    return redirect(_meeting_url(meeting_pk, "agenda"))


@case_content_required
@require_POST
def agenda_remove(request, meeting_pk):
    access = _post_meeting(request, meeting_pk)
    form = AgendaRemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for taking the family off the agenda."))
        return redirect(_meeting_url(meeting_pk, "agenda"))
    family_access = get_family_for_user(request.user, form.cleaned_data["family"], write=True)
    try:
        actions.do_remove_from_agenda(
            actor=Actor.from_request(request),
            access=access,
            family_access=family_access,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The family has been taken off the agenda."))
    return redirect(_meeting_url(meeting_pk, "agenda"))


@case_content_required
@require_POST
def agenda_refresh(request, meeting_pk):
    access = _post_meeting(request, meeting_pk)
    try:
        actions.do_refresh_agenda(actor=Actor.from_request(request), access=access)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The agenda has been made again from today's information."))
    return redirect(_meeting_url(meeting_pk, "agenda"))


@case_content_required
@require_POST
def meeting_attendees(request, meeting_pk):
    access = _post_meeting(request, meeting_pk)
    form = AttendeesForm(request.POST, team=access.meeting.team)
    if not form.is_valid():
        if "version" in form.errors:
            messages.error(
                request, _("This page is out of date. Open it again and redo your change.")
            )
        else:
            messages.error(request, _("Choose the chair and attendees from the team."))
        return redirect(_meeting_url(meeting_pk))
    try:
        actions.do_set_attendees(
            actor=Actor.from_request(request),
            access=access,
            version=form.cleaned_data["version"],
            chair=form.cleaned_data["chair"],
            attendees=list(form.cleaned_data["attendees"]),
        )
    except StaleVersionError:
        messages.error(
            request,
            _(
                "Someone else changed this meeting meanwhile, so the attendees have not been "
                "saved. Check the chair and attendees below and save them again."
            ),
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The attendees have been saved."))
    return redirect(_meeting_url(meeting_pk))


def _versioned(request, meeting_pk, action, success):
    access = _post_meeting(request, meeting_pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This page is out of date. Open it again and redo your change."))
        return redirect(_meeting_url(meeting_pk))
    try:
        action(
            actor=Actor.from_request(request), access=access, version=form.cleaned_data["version"]
        )
    except StaleVersionError:
        messages.error(request, _("Someone else changed this meeting meanwhile. Check and retry."))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, success)
    return redirect(_meeting_url(meeting_pk))


@case_content_required
@require_POST
def meeting_start(request, meeting_pk):
    return _versioned(
        request,
        meeting_pk,
        actions.do_start_meeting,
        _("The meeting has started; the agenda is now fixed."),
    )


@case_content_required
@require_POST
def meeting_finalise(request, meeting_pk):
    access = _post_meeting(request, meeting_pk)
    meeting = access.meeting
    form = FinaliseForm(
        request.POST,
        family_ids=meeting.items.filter(removed=False).values_list("family_id", flat=True),
    )
    if not form.is_valid():
        messages.error(request, _("This page is out of date. Open it again and redo your change."))
        return redirect(_meeting_url(meeting_pk))
    # Each family marked "not discussed" is written to: its own write access is checked.
    not_discussed = [
        get_family_for_user(request.user, pk, write=True)
        for pk in form.cleaned_data["not_discussed"]
    ]
    try:
        actions.do_finalise(
            actor=Actor.from_request(request),
            access=access,
            version=form.cleaned_data["version"],
            not_discussed=not_discussed,
            reason=form.cleaned_data["reason"],
        )
    except StaleVersionError:
        messages.error(request, _("Someone else changed this meeting meanwhile. Check and retry."))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The minutes are final. Later additions are addenda."))
    return redirect(_meeting_url(meeting_pk))


@case_content_required
@require_POST
def meeting_addendum(request, meeting_pk):
    access = _post_meeting(request, meeting_pk)
    form = AddendumForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the addendum."))
        return redirect(_meeting_url(meeting_pk, "addenda"))
    try:
        actions.do_add_addendum(
            actor=Actor.from_request(request), access=access, text=form.cleaned_data["text"]
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The addendum has been added."))
    return redirect(_meeting_url(meeting_pk, "addenda"))


# One family in a meeting: brief and minutes ---------------------------------------------------

MINUTES_FORMS = {
    "input": InputForm,
    "decision": DecisionForm,
    "action": ActionForm,
    "next_review": NextReviewForm,
    "not_discussed": NotDiscussedForm,
    "addendum": AddendumForm,
}


def _minutes_forms(meeting, data=None, which=None, user=None):
    forms = {}
    for name, form_class in MINUTES_FORMS.items():
        bound = data if name == which else None
        kwargs = {"prefix": name}
        if form_class is ActionForm:
            kwargs["team"] = meeting.team
        if form_class is InputForm and bound is None and user is not None:
            kwargs["initial"] = {"discipline": user.discipline}
        forms[name] = form_class(bound, **kwargs)
    return forms


def _write_minutes(request, which, form, access, family_access):
    actor = Actor.from_request(request)
    data = form.cleaned_data
    common = {"actor": actor, "access": access, "family_access": family_access}
    if which == "input":
        actions.do_add_input(**common, discipline=data["discipline"], text=data["text"])
    elif which == "decision":
        actions.do_add_decision(
            **common, kind=data["kind"], text=data["text"], cadence_days=data["cadence_days"]
        )
    elif which == "action":
        actions.do_add_action(
            **common, description=data["description"], owner=data["owner"], due_on=data["due_on"]
        )
    elif which == "next_review":
        actions.do_set_next_review(**common, next_review_on=data["next_review_on"])
    elif which == "not_discussed":
        actions.do_set_not_discussed(
            **common, not_discussed=not data["undo"], reason=data["reason"]
        )
    elif which == "addendum":
        actions.do_add_addendum(
            actor=actor, access=access, family_access=family_access, text=data["text"]
        )


@case_content_required
@GET_POST
def meeting_family(request, meeting_pk, pk):
    actor = Actor.from_request(request)
    which = request.POST.get("form") if request.method == "POST" else None
    if request.method == "POST":
        if which not in MINUTES_FORMS:
            raise Http404
        access = _post_meeting(request, meeting_pk)
        family_access = get_family_for_user(request.user, pk, write=True)
        if family_access.family.team_id != access.meeting.team_id:
            raise Http404
        # Check the family belongs to this meeting BEFORE anything is written.
        if not actions.was_in_meeting(access.meeting, family_access.family):
            raise Http404
        forms = _minutes_forms(access.meeting, request.POST, which, request.user)
        form = forms[which]
        if form.is_valid():
            try:
                _write_minutes(request, which, form, access, family_access)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Saved in the minutes."))
                url = reverse("meetings:family", args=[meeting_pk, pk])
                return redirect(f"{url}#minutes")
        # Showing the page again with the errors is a read of the family's data: log it once.
        family_queries.log_read(
            actor,
            family_access,
            part="meetings",
            object_type="meeting_discussion",
            object_id=access.meeting.pk,
        )
        status = 400
    else:
        access, family_access = queries.open_meeting_family(actor, meeting_pk, pk)
        forms = _minutes_forms(access.meeting, user=request.user)
        status = 200
    meeting = access.meeting
    if not actions.was_in_meeting(meeting, family_access.family):
        raise Http404
    context = queries.family_brief(family_access.family, meeting)
    discussion = queries.discussion_of(meeting, family_access.family)
    context.update(
        meeting=meeting,
        access=access,
        family_access=family_access,
        discussion=discussion,
        # Only a family without decisions, actions or a next review can be "not discussed".
        may_mark_not_discussed=discussion is None
        or not (
            discussion.decisions.all() or discussion.actions.all() or discussion.next_review_on
        ),
        forms=forms,
        can_minute=access.can_write and family_access.can_write and meeting.status == "started",
        can_addend=access.can_write and family_access.can_write and meeting.final,
        nav="meetings",
    )
    return render(request, "meetings/family.html", context, status=status)


# Minutes as a page to print and as PDF --------------------------------------------------------


def _minutes_context(request, meeting_pk, action):
    access = queries.open_meeting(
        Actor.from_request(request), meeting_pk, part="minutes", action=action
    )
    context = queries.meeting_page(access)
    context["printed_at"] = timezone.now()
    return context


@case_content_required
@GET
def minutes(request, meeting_pk):
    context = _minutes_context(request, meeting_pk, AccessAction.PRINT)
    return render(request, "meetings/minutes.html", context)


@case_content_required
@GET
def minutes_pdf(request, meeting_pk):
    from weasyprint import HTML

    context = _minutes_context(request, meeting_pk, AccessAction.EXPORT)
    html = render_to_string("meetings/minutes_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="notulen-{meeting_pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# Actions -------------------------------------------------------------------------------------


@case_content_required
@GET
def my_actions(request):
    rows = queries.my_actions(Actor.from_request(request))
    return render(request, "meetings/my_actions.html", {"actions": rows, "nav": "my_actions"})


@case_content_required
@GET
def team_actions(request, team_pk):
    access, rows = queries.team_actions(Actor.from_request(request), team_pk)
    return render(
        request,
        "meetings/team_actions.html",
        {"team": access.team, "actions": rows, "nav": "meetings"},
    )


@case_content_required
@require_POST
def action_done(request, action_pk):
    action = MeetingAction.objects.filter(pk=action_pk).first()
    if action is None:
        raise Http404
    family_access = get_family_for_user(request.user, action.family_id, write=True)
    back = request.POST.get("next", "")
    target = back if back in ("mine", "family") else "mine"
    form = ActionDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This page is out of date. Open it again and redo your change."))
    else:
        try:
            actions.do_complete_action(
                actor=Actor.from_request(request),
                family_access=family_access,
                action=action,
                version=form.cleaned_data["version"],
                done_note=form.cleaned_data["done_note"],
            )
        except StaleVersionError:
            messages.error(request, _("Someone else changed this action meanwhile."))
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The action is done."))
    if target == "family":
        return redirect("meetings:timeline", pk=action.family_id)
    return redirect("meetings:my_actions")


# Per family: timeline and cadence ------------------------------------------------------------


@case_content_required
@GET
def family_timeline(request, pk):
    access = family_queries.open_family(Actor.from_request(request), pk, part="timeline")
    return render(
        request,
        "meetings/timeline.html",
        {
            "family": access.family,
            "access": access,
            "events": queries.timeline(access.family),
            "actions": list(
                MeetingAction.objects.filter(
                    family=access.family, done_on__isnull=True
                ).select_related("owner")
            ),
        },
    )


@case_content_required
@GET_POST
def family_cadence(request, pk):
    actor = Actor.from_request(request)
    if request.method == "POST":
        access = get_family_for_user(request.user, pk, write=True)
        form = CadenceForm(request.POST)
        if form.is_valid():
            try:
                actions.do_set_cadence(
                    actor=actor,
                    family_access=access,
                    interval_days=form.cleaned_data["interval_days"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The review cadence has been changed."))
                return redirect("meetings:cadence", pk=pk)
        family_queries.log_read(actor, access, part="cadence")
        status = 400
    else:
        access = family_queries.open_family(actor, pk, part="cadence")
        form = CadenceForm()
        status = 200
    history = queries.cadence_history(access.family)
    today = timezone.localdate()
    due = queries.signals.due_now([access.family.pk]).get(access.family.pk)
    upcoming = queries.signals.upcoming_agenda([access.family.pk], today).get(access.family.pk)
    return render(
        request,
        "meetings/cadence.html",
        {
            "family": access.family,
            "access": access,
            "form": form,
            "history": history,
            "due": due,
            "upcoming": upcoming,
        },
        status=status,
    )


# Calendar feed -------------------------------------------------------------------------------


@case_content_required
@GET_POST
def calendar_settings(request):
    feed_url = None
    if request.method == "POST":
        if request.POST.get("stop"):
            actions.do_stop_calendar_feed(user=request.user)
            messages.success(request, _("Your calendar link no longer works."))
            return redirect("meetings:calendar")
        raw = actions.do_renew_calendar_feed(user=request.user)
        feed_url = request.build_absolute_uri(reverse("meetings:feed", args=[raw]))
    has_feed = hasattr(request.user, "calendar_feed") and request.user.calendar_feed.pk
    return render(
        request,
        "meetings/calendar.html",
        {"feed_url": feed_url, "has_feed": bool(has_feed), "nav": "meetings"},
    )


@GET
def calendar_feed(request, token):
    """The team meetings of the token's user: dates, places, no family data."""
    body = calendar.feed_for_token(token)
    if body is None:
        raise Http404
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
