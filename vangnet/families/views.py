"""Family file pages. Thin: access and logging live in queries/actions, rules in forms."""

from django.core.paginator import Paginator
from django.shortcuts import render

from vangnet.accounts.decorators import case_content_required
from vangnet.audit.context import Actor
from vangnet.families import queries
from vangnet.families.models import FamilyStatus

PAGE_SIZE = 50


@case_content_required
def family_list(request):
    actor = Actor.from_request(request)
    mine = request.GET.get("mine") == "1"
    status = request.GET.get("status", FamilyStatus.OPEN)
    if status not in FamilyStatus.values and status != "all":
        status = FamilyStatus.OPEN
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    rows, total = queries.family_list(
        actor,
        status=None if status == "all" else status,
        mine=mine,
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
    )
    for family in rows:
        family.contact = queries.contact_status(family.last_contact_on)
    paginator = Paginator(range(total), PAGE_SIZE)
    page = paginator.get_page(page_number)
    return render(
        request,
        "families/list.html",
        {
            "families": rows,
            "total": total,
            "page": page,
            "mine": mine,
            "status": status,
            "nav": "mine" if mine else "team",
        },
    )


@case_content_required
def family_detail(request, pk):
    access = queries.open_family(Actor.from_request(request), pk)
    context = queries.family_file(access)
    return render(request, "families/detail.html", context)


@case_content_required
def family_search(request):  # replaced by the search page
    return render(request, "families/list.html", {"families": [], "total": 0, "nav": "search"})
