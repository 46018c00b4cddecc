"""What the clinic sends by email. Never clinical text: no screen answers, no messages, no notes.

A link to a person's own private screen goes only to that person's own address.
Each email is written in its recipient's language (issue 18): a person with an account reads theirs
(`user.language`); someone who reached out reads the language they wrote in (`Lead.language`), and so
does the partner they named, the only guess we have for someone we have never met."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from closeknit.clinic.services.intake import RETENTION_DAYS, partner_reachable
from closeknit.nudges import push


def _url(name: str, *args: object) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _send(to: str, subject: str, body: str, attachments: list[tuple[str, bytes, str]] = ()) -> None:  # type: ignore[assignment]  # an empty tuple: a default never changed
    if not to:  # an address forgotten when its owner deleted their account (services.forget)
        return
    msg = EmailMessage(subject=f"closeknit: {subject}", body=body, to=[to])  # the product's name stays
    for name, content, mimetype in attachments:
        msg.attach(name, content, mimetype)
    msg.send()


def reach_out_received(*, lead_id: int, confirm: bool) -> None:
    """To the writer: their own questions and a way to take the request back; to the clinician: that
    someone wrote, with no words of theirs. Never to the partner (see `partner_invited`). Subjects are
    fixed text of ours: nothing the sender typed goes in one. `confirm` is False past the daily cap
    for the writer's address."""
    from closeknit.clinic.models import Lead, Screen

    lead = Lead.objects.select_related("clinician__user").filter(pk=lead_id).first()
    if lead is None:  # taken back before this ran
        return
    therapist = lead.clinician.user.name
    if confirm and lead.email:
        mine = Screen.objects.get(lead=lead, person="a")
        with translation.override(lead.language):
            _send(
                lead.email,
                _("Thank you for reaching out"),
                _("Hello %(name)s,") % {"name": lead.name}
                + "\n\n"
                + _(
                    "Thank you for reaching out to %(therapist)s. Before a first conversation, there are a few short "
                    "questions to answer on your own. Your answers are private."
                )
                % {"therapist": therapist}
                + "\n\n"
                + _("Your own questions: %(url)s") % {"url": _url("clinic:screen", mine.token)}
                + "\n\n"
                + _("This link is just for you, so please don't forward it.")
                + "\n\n"
                + _("Changed your mind? You can take your request back at any time, and we delete it: %(url)s")
                % {"url": _url("clinic:withdraw", lead.token)}
                + "\n\n"
                + _("If no first conversation is booked within %(days)s days, we delete it anyway.")
                % {"days": RETENTION_DAYS}
                + "\n",
            )
    with translation.override(lead.clinician.user.language):
        _send(
            lead.clinician.user.email,
            _("Someone reached out to you"),
            _("Someone reached out to you through closeknit. Log in to see it: %(url)s")
            % {"url": _url("clinic:dashboard")}
            + "\n",
        )


def partner_invited(*, lead_id: int) -> None:
    """To the partner, once the writer's own answers are in. Plain and neutral on purpose: nothing
    about questions of safety, nothing about the writer's answers, nothing clinical."""
    from closeknit.clinic.models import Lead, Screen

    lead = Lead.objects.select_related("clinician__user").filter(pk=lead_id).first()
    if lead is None or not lead.email or not partner_reachable(lead):
        return
    therapist = lead.clinician.user.name
    theirs = Screen.objects.get(lead=lead, person="b")
    with translation.override(lead.language):
        hello = _("Hello %(name)s,") % {"name": lead.partner_name} if lead.partner_name else _("Hello,")
        _send(
            lead.partner_email,
            _("An invitation to a first conversation"),
            f"{hello}\n\n"
            + _(
                "%(name)s got in touch with %(therapist)s through closeknit and would like the two of you to meet "
                "with %(therapist)s together."
            )
            % {"name": lead.name, "therapist": therapist}
            + "\n\n"
            + _(
                "If you'd like to, please start with a few short questions of your own. Your answers are yours: "
                "%(name)s doesn't see them."
            )
            % {"name": lead.name}
            + "\n\n"
            + _("Your own link: %(url)s") % {"url": _url("clinic:screen", theirs.token)}
            + "\n\n"
            + _("This link is just for you. If you'd rather not, you can simply ignore this email.")
            + "\n",
        )


def screen_flagged(*, screen_id: int) -> None:
    from closeknit.clinic.models import Screen

    screen = Screen.objects.select_related("lead__clinician__user").filter(pk=screen_id).first()
    if screen is None:  # taken back before this ran
        return
    clinician = screen.lead.clinician.user
    with translation.override(clinician.language):
        partner = ""
        if screen.person == "a" and screen.lead.partner_email:
            partner = (
                _(
                    "It is the person who reached out. We have not written to their partner and won't; please "
                    "don't contact the partner about it."
                )
                + "\n\n"
            )
        _send(
            clinician.email,
            _("Please read a screen before any joint session"),
            _(
                "One person in a couple who reached out to you answered the safety questions in a way you will "
                "want to read before any joint session. Please contact them on their own."
            )
            + "\n\n"
            + partner
            + _("Log in to read it: %(url)s") % {"url": _url("clinic:lead", screen.lead_id)}
            + "\n",
        )


def appointment_changed(*, appointment_id: int, change: str) -> None:
    from closeknit.clinic import ics
    from closeknit.clinic.models import Appointment

    appt = Appointment.objects.select_related("clinician__user", "clinician__practice", "lead").get(pk=appointment_id)
    lead = appt.lead
    if lead is None:
        return
    for name, email, token in ics.recipients(appt):
        with translation.override(lead.language):  # the words of the email and of the invite
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


def join_link(*, appointment_id: int, now: dt.datetime | None = None) -> int:
    """The join link, to each partner with their own (named) link, only inside the window: a task that
    runs late, after the end, or for a session cancelled meanwhile sends nothing. Returns how many."""
    from closeknit.clinic import ics
    from closeknit.clinic.models import Appointment, Screen
    from closeknit.clinic.selectors import online

    appt = (
        Appointment.objects.select_related("clinician__user", "clinician__practice", "lead")
        .filter(pk=appointment_id)
        .first()
    )
    if appt is None or appt.lead is None:
        return 0
    sent = 0
    for name, email, token in ics.recipients(appt):
        screen = Screen.objects.select_related("lead").get(token=token)
        join = online.join_for(appt, screen=screen, now=now)
        if join is None or not join.url:
            continue
        with translation.override(appt.lead.language):
            _send(email, *ics.join_message(appt, name=name, url=join.url, manage_url=_url("clinic:book", token)))
        sent += 1
    return sent


def episode_started(*, episode_id: int) -> None:
    from closeknit.clinic.models import Episode

    episode = Episode.objects.select_related("lead", "clinician__user").get(pk=episode_id)
    lead = episode.lead
    if lead is None:
        return
    therapist = episode.clinician.user.name
    link = _url("clinic:join", episode.join_token)
    people = [(lead.name, lead.email)] + ([(lead.partner_name, lead.partner_email)] if partner_reachable(lead) else [])
    for name, email in people:
        if not email:  # the writer took their part of the request back
            continue
        with translation.override(lead.language):
            hello = _("Hello %(name)s,") % {"name": name} if name else _("Hello,")
            _send(
                email,
                _("%(therapist)s invites you to connect on closeknit") % {"therapist": therapist},
                f"{hello}\n\n"
                + _(
                    "%(therapist)s would like to work with you both in closeknit. Connecting shares nothing "
                    "by itself: each of you reads how %(therapist)s handles what you say alone, then chooses on your "
                    "own what %(therapist)s may see, and can stop at any time."
                )
                % {"therapist": therapist}
                + "\n\n"
                + _("1. Log in or create an account: %(url)s") % {"url": _url("account_login")}
                + "\n"
                + _("2. Make your shared space, or join your partner's.")
                + "\n"
                + _("3. Open this link to connect: %(url)s") % {"url": link}
                + "\n",
            )


def handover_started(*, handover_id: int) -> None:
    """To each partner asked: who will see them now, and that nothing is shared until they choose again.
    To the new clinician: that an episode came to them. No clinical text either way."""
    from closeknit.clinic.models import Handover

    handover = Handover.objects.select_related("to_clinician__user").filter(pk=handover_id).first()
    if handover is None:
        return
    # to_clinician is set when a handover starts (it empties only if that profile is deleted later)
    new = handover.to_clinician.user.name  # type: ignore[union-attr]
    for reply in handover.replies.select_related("user"):
        with translation.override(reply.user.language):
            _send(
                reply.user.email,
                _("Your care is moving to a new therapist"),
                _("Hello %(name)s,") % {"name": reply.user.name}
                + "\n\n"
                + _(
                    "%(old)s has handed your care over to %(new)s, a colleague in the same practice. %(new)s "
                    "sees nothing you shared before: you choose again, on your own, what %(new)s may see. You "
                    "can also say no, and care through closeknit ends."
                )
                % {"old": handover.from_name, "new": new}
                + "\n\n"
                + _("Your choices are here: %(url)s") % {"url": _url("clinic:care")}
                + "\n",
            )
    receiver = handover.to_clinician.user  # type: ignore[union-attr]  # as above
    with translation.override(receiver.language):
        _send(
            receiver.email,
            _("A couple's care was handed to you"),
            _(
                "%(old)s's work with a couple is now yours. Each partner chooses again what you may see. Log in "
                "to see it: %(url)s"
            )
            % {"old": handover.from_name, "url": _url("clinic:dashboard")}
            + "\n",
        )


def intensive_reminder(*, intensive_id: int, now: dt.datetime | None = None) -> None:
    """Two days before: to each partner in the couple now, the days and times on the clock where the
    intensive is held (their own beside them when it differs), and how many of their own check-ups
    are still open. Never block titles, goals or anything clinical."""
    from closeknit.clinic.models import Intensive
    from closeknit.couples import selectors as couples

    intensive = Intensive.objects.select_related("episode__clinician__user").get(pk=intensive_id)
    therapist = intensive.episode.clinician.user.name
    for person in couples.members(intensive.episode.couple_id):
        with translation.override(person.language):
            _remind(person, intensive_id, therapist, now)


def _long_day(day: dt.date) -> str:
    """ "Monday 14 December"; Spanish says "lunes 14 de diciembre" (the format is in the catalog)."""
    return date_format(day, pgettext("date format: weekday, day and month", "l j F"))


def _remind(person, intensive_id: int, therapist: str, now: dt.datetime | None) -> None:
    """One partner's reminder, worded in their language (the caller sets it)."""
    from closeknit.clinic.selectors import intensive as intensives
    from closeknit.core.time import local_today

    today = local_today(person.timezone, now) if now else None
    view = next((i for i in intensives.intensives_for_couple(person, today=today) if i.id == intensive_id), None)
    if view is None or not view.days:
        return
    if push.deliver(user=person, kind="intensive", url=reverse("clinic:care")):
        return  # their phone took it (they chose so); the days and times are on the care page
    first = view.days[0]
    days = "\n".join(
        _("Day %(n)s: %(date)s, %(start)s to %(end)s")
        % {"n": d.number, "date": _long_day(d.date), "start": f"{d.starts:%H:%M}", "end": f"{d.ends:%H:%M}"}
        + (
            " "
            + _("(%(start)s to %(end)s your time)") % {"start": f"{d.own_starts:%H:%M}", "end": f"{d.own_ends:%H:%M}"}
            if d.own_starts and d.own_ends
            else ""
        )
        for d in view.days
    )
    if view.own_zone:
        where = _("%(zone)s, where the intensive takes place; in brackets, your own time (%(own)s)") % {
            "zone": view.zone_label,
            "own": view.own_zone,
        }
    else:
        where = _("%(zone)s, where the intensive takes place") % {"zone": view.zone_label}
    todo = ""
    if view.my_open_pre:
        todo = (
            "\n"
            + ngettext(
                "You still have %(n)s check-up to take before it: %(url)s",
                "You still have %(n)s check-ups to take before it: %(url)s",
                view.my_open_pre,
            )
            % {"n": view.my_open_pre, "url": _url("assessments:checkups")}
            + "\n"
        )
    _send(
        person.email,
        _("Your intensive with %(therapist)s starts %(date)s")
        % {"therapist": therapist, "date": _long_day(first.date)},
        _("Hello %(name)s,") % {"name": person.name}
        + "\n\n"
        + _("A reminder that your %(intensive)s with %(therapist)s is close.")
        % {"intensive": view.name.lower(), "therapist": therapist}
        + f"\n\n{days}\n({where})\n{todo}\n"
        + _("Each day's outline is on your care page: %(url)s") % {"url": _url("clinic:care")}
        + "\n\n"
        + _(
            "Plan some rest and food around the days, and keep your phones aside during them if you can. "
            "It is normal to feel nervous beforehand."
        )
        + "\n",
    )
