"""Words for the codes in the access log, for the privacy officer's pages and exports.

The log stores stable codes (object_type, part); people read these labels. Every code the
application writes has one (tests/test_audit_labels.py reads the code base for them); an
unknown code (an old entry) is shown with its underscores as spaces, never as is.
"""

from django.utils.translation import gettext_lazy as _

OBJECT_LABELS = {
    # The family file
    "family": _("family file"),
    "family_list": _("list of families"),
    "person": _("person"),
    "chain_partner": _("chain partner"),
    "contact": _("contact"),
    "access_grant": _("access grant"),
    "destruction_request": _("request for destruction"),
    # Safety plan
    "safety_plan": _("safety plan"),
    "immediate_plan": _("immediate safety plan"),
    "plan_version": _("version of the safety plan"),
    "plan_version_diff": _("comparison of plan versions"),
    "plan_signoff": _("signature under the safety plan"),
    "agreement_list": _("list of agreements"),
    "evaluation": _("evaluation of the safety plan"),
    "scaling": _("safety scaling"),
    "scaling_score": _("safety score"),
    "mapping_item": _("mapping item"),
    "harm_statement": _("harm statement"),
    "danger_statement": _("danger statement"),
    "safety_goal": _("safety goal"),
    "safety_person": _("safety person"),
    "bottom_line": _("bottom line"),
    "agreement": _("agreement"),
    "disagreement": _("disagreement"),
    "warning_sign": _("warning sign"),
    "plan_step": _("next step"),
    # The child's part
    "child_part": _("the child's part"),
    "child_version": _("the child's version"),
    "child_talk": _("conversation with the child"),
    "house_item": _("Three Houses item"),
    "child_rule": _("the child's safety rule"),
    "story": _("Words and Pictures story"),
    "story_page": _("page of a story"),
    "story_image": _("picture of a story"),
    "story_approval": _("approval of a story"),
    # Meldcode
    "meldcode_trajectory": _("meldcode trajectory"),
    "meldcode_signal": _("meldcode signal"),
    "meldcode_consultation": _("meldcode consultation"),
    "meldcode_conversation": _("meldcode conversation"),
    "meldcode_weighing": _("meldcode weighing"),
    "meldcode_report": _("report to Veilig Thuis"),
    "meldcode_addendum": _("addendum to a meldcode record"),
    "meldcode_referral": _("meldcode referral to the safety meeting"),
    "meldcode_overview": _("meldcode overview"),
    "meldcode_factors": _("risk and protective factors"),
    "meldcode_ace": _("ACE questionnaire"),
    # Safety meeting
    "meeting": _("safety meeting"),
    "minutes": _("minutes"),
    "meeting_discussion": _("discussion in a safety meeting"),
    "agenda_item": _("agenda item"),
    "action": _("action"),
    "decision": _("decision"),
    "addendum": _("addendum"),
    "cadence": _("review cadence"),
    "team": _("team"),
    # Phases of help and protective measures
    "protection": _("phases of help and protective measures"),
    "phase": _("phase of help"),
    "protective_measure": _("protective measure"),
    "forensic_examination": _("forensic medical examination"),
    # Accounts and the log itself
    "user_account": _("user account"),
    "api_token": _("API token"),
    "access_log": _("access log"),
    "emergency_review": _("emergency access review"),
    "privacy_alert": _("privacy alert"),
    "privacy_alerts": _("privacy alerts"),
    "access_change_request": _("change of access rights (four eyes)"),
    "access_change_requests": _("changes of access rights (four eyes)"),
    "log_review": _("log review"),
    "log_review_item": _("judgement in a log review"),
    # The portal for parents and the network
    "portal_invitation": _("portal invitation"),
    "portal_invitations": _("portal invitations"),
    "portal_link": _("one-time portal link"),
    "portal_code": _("portal login code"),
    "portal_session": _("portal session"),
    "portal_plan": _("plan in the portal"),
    "portal_checkin": _("check-in in the portal"),
}

PART_LABELS = {
    "dossier": _("file"),
    "list": _("list"),
    "search": _("search"),
    "access": _("access"),
    "people": _("people"),
    "members": _("people"),
    "chain_partners": _("chain partners"),
    "contacts": _("contacts"),
    "status": _("status of the file"),
    "retention": _("retention and destruction"),
    "timeline": _("timeline"),
    "safety_plan": _("safety plan"),
    "immediate_plan": _("immediate safety plan"),
    "meldcode": _("meldcode"),
    "meetings": _("safety meetings"),
    "agenda": _("agenda"),
    "minutes": _("minutes"),
    "actions": _("actions"),
    "cadence": _("review cadence"),
    "family_overview": _("overview per file"),
    "emergency_review": _("emergency access review"),
    "emergency_reviews": _("emergency access reviews"),
    "alerts": _("alerts"),
    "four_eyes": _("four eyes on access rights"),
    "log_review": _("log review"),
    "protection": _("safety and recovery"),
    "portal": _("portal for parents and network"),
}


def _readable(code: str) -> str:
    return code.replace("_", " ")


def object_label(code: str) -> str:
    return str(OBJECT_LABELS[code]) if code in OBJECT_LABELS else _readable(code)


def part_label(code: str) -> str:
    return str(PART_LABELS[code]) if code in PART_LABELS else _readable(code)
