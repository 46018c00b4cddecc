"""The card this app offers Today (see closeknit.checkins.today): the partner has opened a hard
conversation and is waiting. Registered from PracticesConfig.ready().

It says who opened it and links to join, never a word of the opening: that is read together, on the
conversation page. A space where joint conflict work is withheld never sees the card, the same way it
never sees the conversation offered, so nothing hints that anything is held back."""

from __future__ import annotations

from closeknit.checkins import today
from closeknit.practices.flows import talk as talks
from closeknit.safety import selectors as safety

TALK = today.CHECKIN + 1  # just after the private support card and today's check-in


def talk_card(ctx: today.Context) -> list[today.Card]:
    if ctx.space is None or ctx.space.partner is None:
        return []
    talk = talks.open_for(ctx.user)
    if talk is None or talk.started_by_id == ctx.user.pk or talk.joined_at is not None:
        return []
    if safety.couple_screen_positive(talk.couple_id):
        return []
    return [
        today.Card(
            "talk",
            TALK,
            "practices/today/_talk.html",
            {"talk": talk, "opener_name": ctx.space.partner.name},
            frozenset({"talk"}),
        )
    ]


def register() -> None:
    today.register(talk_card)
