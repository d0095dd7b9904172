"""Privacy officer pages."""

from django.shortcuts import render

from vangnet.accounts.decorators import privacy_officer_required


@privacy_officer_required
def access_log(request):  # replaced by the log search page
    return render(request, "base.html", {"nav": "log"})


@privacy_officer_required
def emergency_reviews(request):  # replaced by the review queue
    return render(request, "base.html", {"nav": "reviews"})
