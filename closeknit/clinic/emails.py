"""What the clinic sends by email. Never clinical text: no screen answers, no messages, no notes.

A link to a person's own private screen goes only to that person's own address."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse


def _url(name: str, *args: object) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _send(to: str, subject: str, body: str, attachments: list[tuple[str, bytes, str]] = ()) -> None:  # type: ignore[assignment]
    if not to:  # an address forgotten when its owner deleted their account (services.forget)
        return
    msg = EmailMessage(subject=f"closeknit: {subject}", body=body, to=[to])
    for name, content, mimetype in attachments:
        msg.attach(name, content, mimetype)
    msg.send()


def lead_created(*, lead_id: int, partner_screen_id: int) -> None:
    from closeknit.clinic.models import Lead, Screen

    lead = Lead.objects.select_related("clinician__user").get(pk=lead_id)
    therapist = lead.clinician.user.name
    mine = Screen.objects.get(lead=lead, person="a")
    _send(
        lead.email,
        f"You reached out to {therapist}",
        f"Hello {lead.name},\n\n"
        f"Thank you for reaching out to {therapist}. Before a first consultation, each of you answers a few "
        f"short questions on your own. Your answers are private: your partner never sees them.\n\n"
        f"Your own questions: {_url('clinic:screen', mine.token)}\n\n"
        f"This link is just for you, so please don't forward it.\n",
    )
    if lead.partner_email:
        theirs = Screen.objects.get(pk=partner_screen_id)
        hello = f"Hello {lead.partner_name}," if lead.partner_name else "Hello,"
        _send(
            lead.partner_email,
            f"{lead.name} reached out to {therapist} for you both",
            f"{hello}\n\n"
            f"{lead.name} asked {therapist} about couples sessions for the two of you. If you'd like to take "
            f"part, please answer a few short questions on your own first. Your answers are private: "
            f"{lead.name} never sees them.\n\n"
            f"Your own questions: {_url('clinic:screen', theirs.token)}\n\n"
            f"This link is just for you. If you'd rather not, you can simply ignore this email.\n",
        )
    _send(
        lead.clinician.user.email,
        "A couple reached out to you",
        f"A couple reached out to you through closeknit. Log in to see it: {_url('clinic:dashboard')}\n",
    )


def screen_flagged(*, screen_id: int) -> None:
    from closeknit.clinic.models import Screen

    screen = Screen.objects.select_related("lead__clinician__user").get(pk=screen_id)
    _send(
        screen.lead.clinician.user.email,
        "Please read a screen before any joint session",
        "One person in a couple who reached out to you answered the safety questions in a way you will want "
        f"to read before any joint session. Please contact them on their own. Log in to read it: "
        f"{_url('clinic:lead', screen.lead_id)}\n",
    )


def appointment_changed(*, appointment_id: int, change: str) -> None:
    from closeknit.clinic import ics
    from closeknit.clinic.models import Appointment

    appt = Appointment.objects.select_related("clinician__user", "clinician__practice", "lead").get(pk=appointment_id)
    lead = appt.lead
    if lead is None:
        return
    for name, email, token in ics.recipients(appt):
        _send(
            email,
            *ics.message(appt, change=change, name=name, manage_url=_url("clinic:book", token)),
            [
                (
                    "invite.ics",
                    ics.calendar(appt, cancelled=change == "cancelled"),
                    "text/calendar; method=" + ("CANCEL" if change == "cancelled" else "REQUEST"),
                ),
            ],
        )


def episode_started(*, episode_id: int) -> None:
    from closeknit.clinic.models import Episode

    episode = Episode.objects.select_related("lead", "clinician__user").get(pk=episode_id)
    lead = episode.lead
    if lead is None:
        return
    therapist = episode.clinician.user.name
    link = _url("clinic:join", episode.join_token)
    people = [(lead.name, lead.email)] + ([(lead.partner_name, lead.partner_email)] if lead.partner_email else [])
    for name, email in people:
        hello = f"Hello {name}," if name else "Hello,"
        _send(
            email,
            f"{therapist} invites you to connect on closeknit",
            f"{hello}\n\n{therapist} would like to work with you both in closeknit. Connecting shares nothing "
            f"by itself: each of you reads how {therapist} handles what you say alone, then chooses on your own "
            f"what {therapist} may see, and can stop at any time.\n\n"
            f"1. Log in or create an account: {_url('account_login')}\n"
            f"2. Make your shared space, or join your partner's.\n"
            f"3. Open this link to connect: {link}\n",
        )


def intensive_reminder(*, intensive_id: int, now: dt.datetime | None = None) -> None:
    """Two days before: to each partner in the couple now, the days and times in their own zone, and
    how many of their own check-ups are still open. Never block titles, goals or anything clinical."""
    from closeknit.clinic.models import Intensive
    from closeknit.clinic.selectors import intensive as intensives
    from closeknit.core.time import local_today
    from closeknit.couples import selectors as couples

    intensive = Intensive.objects.select_related("episode__clinician__user").get(pk=intensive_id)
    therapist = intensive.episode.clinician.user.name
    for person in couples.members(intensive.episode.couple_id):
        today = local_today(person.timezone, now) if now else None
        view = next((i for i in intensives.intensives_for_couple(person, today=today) if i.id == intensive_id), None)
        if view is None or not view.days:
            continue
        first = view.days[0]
        days = "\n".join(
            f"Day {d.number}: {d.date:%A} {d.date.day} {d.date:%B}, {d.starts:%H:%M} to {d.ends:%H:%M}"
            for d in view.days
        )
        todo = ""
        if view.my_open_pre:
            many = "s" if view.my_open_pre != 1 else ""
            link = _url("assessments:checkups")
            todo = f"\nYou still have {view.my_open_pre} check-up{many} to take before it: {link}\n"
        _send(
            person.email,
            f"Your intensive with {therapist} starts {first.date:%A} {first.date.day} {first.date:%B}",
            f"Hello {person.name},\n\nA reminder that your {view.name.lower()} with {therapist} is close.\n\n"
            f"{days}\n(times in your zone, {view.zone})\n{todo}\n"
            f"Each day's outline is on your care page: {_url('clinic:care')}\n\n"
            "Plan some rest and food around the days, and keep your phones aside during them if you can. "
            "It is normal to feel nervous beforehand.\n",
        )
