"""Concerns people might type into "What's on your mind?", with the practice family expected in the top three.

Two tables. TABLE is the development set: the vocabulary was tuned while looking at it, so its hit rate
flatters the matcher. HELD_OUT was written before any tuning and is never tuned against: its hit rate is
the honest one. When you improve the matcher, add new rows to a fresh held-out table rather than this one.
"""

from __future__ import annotations

# Families: practices that answer the same kind of concern. A row passes when any top-three practice
# belongs to any of its families.
FAMILIES: dict[str, frozenset[str]] = {
    "money": frozenset({"money-talk"}),
    "conflict": frozenset({"hard-conversation", "money-talk", "after-a-fight", "gentle-start-up"}),
    "de-escalation": frozenset({"taking-a-break", "breathing-together", "kind-attention"}),
    "listening": frozenset({"active-listening", "stress-talk", "emotional-map"}),
    "trust": frozenset({"rebuilding-trust", "trust-reflection"}),
    "time": frozenset({"phones-away", "plan-time-together"}),
    "stress": frozenset({"stress-talk", "breathing-together", "noticing-together", "taking-a-break"}),
    "talk": frozenset({"questions-for-closeness", "early-days", "emotional-map", "active-listening", "turning-toward"}),
    "closeness-fear": frozenset({"fear-of-closeness", "eye-contact", "questions-for-closeness"}),
    "partner-avoids": frozenset({"when-your-partner-pulls-away"}),
    "touch": frozenset({"small-touches"}),
    "appreciation": frozenset({"daily-appreciation", "weekly-look-back"}),
    "reminiscing": frozenset({"early-days"}),
    "bids": frozenset({"turning-toward"}),
}

TABLE: list[tuple[str, tuple[str, ...]]] = [
    ("We keep fighting about money", ("money",)),
    ("Every time we talk about the bills it turns into a screaming match", ("money",)),
    ("We never talk anymore", ("talk",)),
    ("It feels like we're just roommates who share a fridge", ("talk", "bids")),
    ("I don't trust them since they lied about the credit card", ("trust",)),
    ("Ever since the affair I can't stop checking their phone", ("trust",)),
    ("We're always busy and never see each other", ("time",)),
    ("Work is crazy and we're both exhausted all the time", ("stress",)),
    ("I shut down when we argue", ("de-escalation",)),
    ("Our arguments escalate so fast, I lose my temper and say things I regret", ("de-escalation",)),
    ("My partner doesn't listen to me, they just look at their phone", ("listening", "bids")),
    ("I never feel heard when I bring something up", ("listening",)),
    ("We have the same fight over and over about the dishes", ("conflict",)),
    ("They always criticise how I do things", ("conflict",)),
    ("I find it really hard to open up about my feelings", ("closeness-fear",)),
    ("Whenever they get close I want to run away", ("closeness-fear",)),
    ("My partner won't open up and shuts me out", ("partner-avoids",)),
    ("They refuse to go to couples counselling with me", ("partner-avoids",)),
    ("We don't hug or touch anymore", ("touch",)),
    ("I miss the affection we used to have", ("touch", "reminiscing")),
    ("I feel taken for granted", ("appreciation",)),
    ("They never notice the things I do for us", ("appreciation", "bids")),
    ("I miss how things were when we first met", ("reminiscing",)),
    ("We lost the spark", ("reminiscing", "touch", "time")),
    ("We're in a rut, every evening is Netflix and bed", ("time",)),
    ("When I try to tell them about my day they don't even look up", ("bids", "listening")),
    ("We had a huge fight last night and haven't really made up", ("conflict",)),
    ("I'm so stressed I snap at them over nothing", ("stress", "de-escalation")),
    ("Their family keeps getting between us and we argue about holidays", ("conflict",)),
    ("We disagree about having kids and can't discuss it calmly", ("conflict",)),
    ("I feel lonely even when we're in the same room", ("talk", "touch", "bids")),
    ("We both work night shifts and barely see each other", ("time",)),
    ("I'm scared they'll judge me if I tell them what I really think", ("closeness-fear",)),
]

HELD_OUT: list[tuple[str, tuple[str, ...]]] = [
    ("Whenever money comes up we end up yelling", ("money", "conflict")),
    ("I feel like I'm talking to a wall", ("listening",)),
    ("We haven't had a real conversation in months", ("talk",)),
    ("She found messages on my phone and now she doesn't believe anything I say", ("trust",)),
    ("Between the new baby and both our jobs we have zero time for us", ("time",)),
    ("I go completely numb and silent when things get tense", ("de-escalation",)),
    ("I want to be closer but something in me pulls back", ("closeness-fear",)),
    ("Nothing I do seems to be appreciated", ("appreciation",)),
    ("We barely touch each other anymore", ("touch",)),
    ("We used to laugh so much in the beginning", ("reminiscing",)),
    ("He stonewalls me every time I raise an issue", ("de-escalation", "conflict", "partner-avoids")),
    ("My partner is constantly on edge from work and takes it out on me", ("stress",)),
]


def hit(slugs: tuple[str, ...], families: tuple[str, ...]) -> bool:
    wanted = frozenset().union(*(FAMILIES[f] for f in families))
    return any(s in wanted for s in slugs)
