"""Privacy officer pages: access-log search and export, per-family overview, emergency
access reviews. Thin: reads (and their log entries) live in audit.queries, the review
in families.actions."""

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import UTC
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from vangnet.accounts.decorators import privacy_officer_required
from vangnet.accounts.models import Discipline
from vangnet.audit import queries
from vangnet.audit.actions import (
    do_handle_alert,
    do_judge_log_item,
    do_sign_off_log_review,
    do_start_log_review,
)
from vangnet.audit.context import Actor
from vangnet.audit.forms import (
    EmergencyReviewForm,
    FamilyLookupForm,
    HandleAlertForm,
    JudgeItemForm,
    LogFilterForm,
    SignOffForm,
    StartLogReviewForm,
)
from vangnet.audit.labels import object_label, part_label
from vangnet.audit.models import (
    AccessAction,
    AccessBasis,
    AccessEvent,
    Judgement,
    SampleReason,
)
from vangnet.core.forms import apply_validation_error
from vangnet.families.actions import do_review_emergency_access


def _page_number(request) -> str:
    return request.GET.get("page", "1")


def _annotate(entries: Iterable[AccessEvent]) -> list[AccessEvent]:
    """Labels for the table: object type in words (unknown types stay as code)."""
    entries = list(entries)
    for entry in entries:
        entry.object_label = object_label(entry.object_type)
        entry.part_label = part_label(entry.part) if entry.part else ""
    return entries


# Access-log search -----------------------------------------------------------------------------


@privacy_officer_required
def access_log(request):
    form = LogFilterForm(request.GET)
    page = None
    if form.is_valid():
        page = queries.search_log(
            Actor.from_request(request), form.filters(), page_number=_page_number(request)
        )
        page.object_list = _annotate(page.object_list)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "lookup_form": FamilyLookupForm(),
            "page": page,
            "filtered": form.is_valid() and bool(form.filters().as_details()),
            "nav": "log",
        },
    )


@privacy_officer_required
def access_log_csv(request):
    form = LogFilterForm(request.GET)
    if not form.is_valid():  # the page shows what is wrong
        return redirect(f"{reverse('audit:log')}?{request.GET.urlencode()}")
    export = queries.export_log(Actor.from_request(request), form.filters())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return _csv_response(
        f"toegangslog-{stamp}.csv", _log_header(), _log_rows(export.rows, _Labels())
    )


# Per-family overview ---------------------------------------------------------------------------


@privacy_officer_required
def family_lookup(request):
    """The 'open overview for file number' form: on to the overview, or the form again."""
    form = FamilyLookupForm(request.GET if "reference" in request.GET else None)
    if form.is_valid():
        return redirect("audit:family_overview", reference=form.cleaned_data["reference"])
    return render(request, "audit/family_lookup.html", {"lookup_form": form, "nav": "log"})


def _valid_reference(reference: str) -> str | None:
    form = FamilyLookupForm({"reference": reference})
    return form.cleaned_data["reference"] if form.is_valid() else None


@privacy_officer_required
def family_overview(request, reference):
    cleaned = _valid_reference(reference)
    if cleaned is None:
        return redirect(f"{reverse('audit:family_lookup')}?{urlencode({'reference': reference})}")
    if cleaned != reference:
        return redirect("audit:family_overview", reference=cleaned)
    overview = queries.family_overview(
        Actor.from_request(request), cleaned, page_number=_page_number(request)
    )
    overview.page.object_list = _annotate(overview.page.object_list)
    return render(
        request,
        "audit/family_overview.html",
        {"overview": overview, "client": overview.client, "page": overview.page, "nav": "log"},
    )


@privacy_officer_required
def family_overview_csv(request, reference):
    cleaned = _valid_reference(reference)
    if cleaned is None:
        return redirect(f"{reverse('audit:family_lookup')}?{urlencode({'reference': reference})}")
    _client, export = queries.export_family_overview(Actor.from_request(request), cleaned)
    return _csv_response(
        f"toegangsoverzicht-{cleaned}.csv",
        _overview_header(),
        _overview_rows(export.rows, _Labels()),
    )


# Emergency access reviews ----------------------------------------------------------------------


@privacy_officer_required
def emergency_reviews(request):
    queue = queries.emergency_review_queue(Actor.from_request(request))
    return render(
        request,
        "audit/emergency_reviews.html",
        {"queue": queue, "now": timezone.now(), "nav": "reviews"},
    )


@privacy_officer_required
def emergency_review(request, pk):
    actor = Actor.from_request(request)
    form = EmergencyReviewForm()
    if request.method == "POST":
        grant = queries.emergency_grant(pk)  # 404 before anything is read or written
        form = EmergencyReviewForm(request.POST)
        if form.is_valid():
            try:
                do_review_emergency_access(
                    actor=actor,
                    grant=grant,
                    outcome=form.cleaned_data["outcome"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("The emergency access to %(reference)s has been reviewed.")
                    % {"reference": grant.family.reference},
                )
                return redirect("audit:emergency_reviews")
    review = queries.emergency_review(actor, pk)
    review.entries = _annotate(review.entries)
    return render(
        request,
        "audit/emergency_review.html",
        {
            "review": review,
            "grant": review.grant,
            "form": form,
            "now": timezone.now(),
            "nav": "reviews",
        },
    )


# Alerts and refused attempts ---------------------------------------------------------------------


@privacy_officer_required
def alerts(request):
    actor = Actor.from_request(request)
    forms = {}
    if request.method == "POST":
        alert = queries.privacy_alert(request.POST.get("alert"))  # 404 before anything else
        form = HandleAlertForm(request.POST, prefix=f"alert-{alert.pk}")
        if form.is_valid():
            try:
                do_handle_alert(actor=actor, alert=alert, note=form.cleaned_data["note"])
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The alert has been handled."))
                return redirect("audit:alerts")
        forms[alert.pk] = form
    overview = queries.alerts_overview(actor)
    for alert in overview.open:
        alert.form = forms.get(alert.pk) or HandleAlertForm(prefix=f"alert-{alert.pk}")
    return render(request, "audit/alerts.html", {"overview": overview, "nav": "alerts"})


# Four eyes on access rights ---------------------------------------------------------------------


@privacy_officer_required
def access_changes(request):
    from vangnet.accounts.models import ChangeStatus

    status = request.GET.get("status", "")
    if status not in ChangeStatus.values:
        status = ""
    changes = queries.access_changes(Actor.from_request(request), status=status)
    return render(
        request,
        "audit/access_changes.html",
        {
            "changes": changes,
            "status": status,
            "statuses": ChangeStatus.choices,
            "nav": "access_changes",
        },
    )


# Monthly log review ------------------------------------------------------------------------------


@privacy_officer_required
def log_reviews(request):
    form = StartLogReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = do_start_log_review(
                actor=Actor.from_request(request), month=form.cleaned_data["month"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The sample has been drawn."))
            return redirect("audit:log_review", pk=review.pk)
    reviews = queries.log_review_list(Actor.from_request(request))
    return render(
        request,
        "audit/log_reviews.html",
        {"reviews": reviews, "form": form, "nav": "log_reviews"},
    )


@privacy_officer_required
def log_review(request, pk):
    actor = Actor.from_request(request)
    forms = {}
    sign_form = SignOffForm()
    if request.method == "POST":
        review = queries.log_review(pk)  # 404 before anything is read or written
        try:
            if "sign" in request.POST:
                sign_form = SignOffForm(request.POST)
                if sign_form.is_valid():
                    do_sign_off_log_review(
                        actor=actor,
                        review=review,
                        conclusion=sign_form.cleaned_data["conclusion"],
                    )
                    messages.success(request, _("The log review has been signed off."))
                    return redirect("audit:log_review", pk=review.pk)
            else:
                item = get_object_or_404(review.items, pk=request.POST.get("item") or 0)
                form = JudgeItemForm(request.POST, prefix=f"item-{item.pk}")
                forms[item.pk] = form
                if form.is_valid():
                    item = do_judge_log_item(
                        actor=actor,
                        item=item,
                        judgement=form.cleaned_data["judgement"],
                        note=form.cleaned_data["note"],
                    )
                    if item.access_ended:
                        messages.warning(
                            request,
                            _(
                                "The emergency access has been ended and the user's team "
                                "lead has been told."
                            ),
                        )
                    messages.success(request, _("The judgement has been saved."))
                    return redirect(
                        f"{reverse('audit:log_review', kwargs={'pk': review.pk})}#item-{item.pk}"
                    )
        except ValidationError as error:
            target = sign_form if "sign" in request.POST else next(iter(forms.values()), None)
            if target is None:
                raise
            apply_validation_error(target, error)
    page = queries.log_review_page(actor, pk, check_sample="check" in request.GET)
    _annotate([item.entry for item in page.items if item.entry is not None])
    for item in page.items:
        item.form = forms.get(item.pk) or JudgeItemForm(
            prefix=f"item-{item.pk}",
            initial={"judgement": item.judgement, "note": item.note},
        )
    return render(
        request,
        "audit/log_review.html",
        {
            "page": page,
            "review": page.review,
            "sign_form": sign_form,
            "nav": "log_reviews",
        },
    )


def _report_name(review, extension: str) -> str:
    return f"logcontrole-{review.month:%Y-%m}.{extension}"


@privacy_officer_required
def log_review_csv(request, pk):
    page = queries.log_review_report(Actor.from_request(request), pk, file_format="csv")
    labels = _Labels()
    judgements = dict(Judgement.choices)
    reasons = dict(SampleReason.choices)

    def rows():
        for item in page.items:
            entry = item.entry
            yield [
                item.position,
                str(reasons.get(item.reason, item.reason)),
                item.entry_id,
                *(labels.times(entry) if entry else ["", ""]),
                entry.username if entry else "",
                entry.family_ref if entry else "",
                *(labels.what(entry) if entry else [""] * 7),
                labels.emergency(entry) if entry else "",
                str(judgements.get(item.judgement, "")),
                item.note,
                item.judged_by.username if item.judged_by else "",
            ]

    header = [
        _("No."),
        _("Why in the sample"),
        _("Entry"),
        _("Time (Europe/Amsterdam)"),
        _("Time (UTC)"),
        _("User"),
        _("File number"),
        _("Action"),
        _("Object"),
        _("Object id"),
        _("Part of the file"),
        _("Basis"),
        _("Purpose"),
        _("Channel"),
        _("Emergency access"),
        _("Judgement"),
        _("Note"),
        _("Judged by"),
    ]
    return _csv_response(_report_name(page.review, "csv"), header, rows())


@privacy_officer_required
def log_review_pdf(request, pk):
    from weasyprint import HTML  # imported here: loading Pango is only needed for a PDF

    page = queries.log_review_report(Actor.from_request(request), pk, file_format="pdf")
    _annotate([item.entry for item in page.items if item.entry is not None])
    html = render_to_string(
        "audit/log_review_report.html",
        {"page": page, "review": page.review, "printed_at": timezone.now()},
        request=request,
    )
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_report_name(page.review, "pdf")}"'
    return response


# CSV ---------------------------------------------------------------------------------------------

CSV_DELIMITER = ";"  # what Dutch Excel expects when it opens a .csv file
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def _csv_response(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    def stream() -> Iterator[str]:
        writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER, lineterminator="\r\n")
        yield "\ufeff"  # byte order mark: Excel then reads the file as UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([_cell(value) for value in row])

    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in stream()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Labels:
    """Labels resolved once, in the request's language, before streaming starts."""

    def __init__(self):
        self.actions = {k: str(v) for k, v in AccessAction.choices}
        self.bases = {k: str(v) for k, v in AccessBasis.choices}
        self.disciplines = {k: str(v) for k, v in Discipline.choices}
        self.yes, self.no = _("yes"), _("no")
        self.zone = ZoneInfo(settings.TIME_ZONE)

    def times(self, entry: AccessEvent) -> list[str]:
        local = entry.occurred_at.astimezone(self.zone)
        utc = entry.occurred_at.astimezone(UTC)
        return [local.isoformat(timespec="seconds"), utc.isoformat(timespec="seconds")]

    def what(self, entry: AccessEvent) -> list:
        return [
            self.actions.get(entry.action, entry.action),
            object_label(entry.object_type),
            entry.object_id,
            part_label(entry.part) if entry.part else "",
            self.bases.get(entry.basis, entry.basis),
            entry.purpose,
            entry.channel,
        ]

    def emergency(self, entry: AccessEvent) -> str:
        return self.yes if entry.emergency else self.no


def _log_header() -> list[str]:
    return [
        _("Entry"),
        _("Time (Europe/Amsterdam)"),
        _("Time (UTC)"),
        _("User"),
        _("On behalf of"),
        _("File number"),
        _("Person id"),
        _("Action"),
        _("Object"),
        _("Object id"),
        _("Part of the file"),
        _("Basis"),
        _("Purpose"),
        _("Channel"),
        _("IP address"),
        _("User agent"),
        _("Emergency access"),
        _("Details"),
    ]


def _log_rows(entries: Iterable[AccessEvent], labels: _Labels) -> Iterator[list]:
    for entry in entries:
        yield [
            entry.id,
            *labels.times(entry),
            entry.username,
            entry.acting_for,
            entry.family_ref,
            entry.person_id,
            *labels.what(entry),
            entry.ip_address,
            entry.user_agent,
            labels.emergency(entry),
            json.dumps(entry.details, sort_keys=True, ensure_ascii=False) if entry.details else "",
        ]


def _overview_header() -> list[str]:
    return [
        _("Entry"),
        _("Time (Europe/Amsterdam)"),
        _("Time (UTC)"),
        _("User"),
        _("Discipline"),
        _("On behalf of"),
        _("Action"),
        _("Object"),
        _("Object id"),
        _("Part of the file"),
        _("Basis"),
        _("Purpose"),
        _("Channel"),
        _("Emergency access"),
    ]


def _overview_rows(entries: Iterable[AccessEvent], labels: _Labels) -> Iterator[list]:
    for entry in entries:
        discipline = entry.user.discipline if entry.user is not None else ""
        yield [
            entry.id,
            *labels.times(entry),
            entry.username,
            labels.disciplines.get(discipline, discipline),
            entry.acting_for,
            *labels.what(entry),
            labels.emergency(entry),
        ]
