"""What a progress report holds, for one viewer: a selector. Nothing leaves here that the viewer may
not see.

- Clinician version: the episode's clinician only (access.clinic.can_see_clinician_report).
  Each partner's scores are read only with that partner's live "scores" consent (can_read), and the
  read is logged with log_read in the same transaction; without it, the section says so and holds
  no number of theirs.
- Partner version: the partner's own results, and the other partner's only as
  closeknit.assessments.selectors.view_of opens them to this partner (answer-then-reveal by round;
  private instruments such as fear of closeness never). No check-in text, no item answers, no
  clinical notes and no safety findings are read at all, so none can leak.

Which results: with an intensive, each partner's measures linked to it, by phase (before, after,
follow-ups); for every other instrument, the partner's baseline (their latest result from before care
began, marked as such) and the first and the latest result since care began. The desk shows a
partner's latest scores whenever they were taken, so the report does too: never empty when the desk
has a score to show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from closeknit.access import Access
from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.assessments import change, definitions, progress
from closeknit.assessments import selectors as assessments
from closeknit.assessments.models import Administration, CareStep
from closeknit.assessments.schema import Instrument, Score
from closeknit.clinic.models import Episode, Intensive, Measure
from closeknit.clinic.reports import words
from closeknit.core.errors import NotFound

ORDER = ("closeness-check", "distance-drivers", "weekly-pulse", "fear-of-closeness", "session-check")
NOT_FOUND = gettext_noop("We could not find that progress report.")


@dataclass(frozen=True)
class Point:
    phase: str
    label: str
    on: dt.date
    value: float


@dataclass(frozen=True)
class Step:
    """One later result compared with the first."""

    label: str
    change: change.Change

    @property
    def verdict(self) -> str:
        return words.short_verdict(self.change)


@dataclass(frozen=True)
class Line:
    """One score (the total or a subscale) of one person over the report's phases."""

    key: str
    title: str
    is_total: bool
    points: tuple[Point, ...]
    steps: tuple[Step, ...]  # each later point against the first

    @property
    def latest(self) -> change.Change | None:
        return self.steps[-1].change if self.steps else None

    @property
    def difference(self) -> float | None:
        return round(self.points[-1].value - self.points[0].value, 2) if len(self.points) >= 2 else None

    @property
    def shown_difference(self) -> str:
        d = self.difference
        return "" if d is None else "0" if d == 0 else f"{d:+.2f}"

    @property
    def verdict(self) -> str:
        return self.steps[-1].verdict if self.steps else "Needs two results"

    @property
    def tone(self) -> str:
        return words.tone(self.latest)

    def at(self, phase: str) -> Point | None:
        return next((p for p in self.points if p.phase == phase), None)


@dataclass(frozen=True)
class PersonResults:
    name: str
    is_viewer: bool
    lines: tuple[Line, ...]
    waiting: tuple[str, ...] = ()  # phase labels the viewer will see once they answer the same round

    @property
    def total(self) -> Line | None:
        return next((ln for ln in self.lines if ln.is_total), self.lines[0] if self.lines else None)


@dataclass(frozen=True)
class Section:
    """One instrument: every visible person's scores, a chart and, for two people, the couple pattern."""

    instrument: Instrument
    phases: tuple[tuple[str, str], ...]  # (phase, label) columns
    people: tuple[PersonResults, ...]
    chart: str | None
    pattern: str | None

    @property
    def validated(self) -> bool:
        return bool(self.instrument.validated_in)


@dataclass(frozen=True)
class Partner:
    name: str
    pronouns: str
    shared: bool  # clinician version: live "scores" consent; partner version: always True for oneself


@dataclass(frozen=True)
class CarePractice:
    title: str
    how_often: str
    source: str


@dataclass(frozen=True)
class Report:
    audience: str  # "clinician" or "partner"
    episode_id: int
    viewer: str
    partners: tuple[Partner, ...]
    clinician: str
    practice: str
    care_from: dt.date
    care_to: dt.date | None
    intensive: Intensive | None
    sections: tuple[Section, ...]
    maintenance: tuple[CarePractice, ...]
    caveats: tuple[str, ...]
    made_on: dt.date
    note: str = ""

    @property
    def couple(self) -> str:
        return " & ".join(p.name for p in self.partners) or "Waiting for the couple to join"

    @property
    def empty(self) -> bool:
        return not self.sections

    @property
    def has_baseline(self) -> bool:
        """Some result is from before care began: the report says which ones."""
        return any(p.phase == "baseline" for s in self.sections for r in s.people for ln in r.lines for p in ln.points)

    @property
    def baseline_note(self) -> str:
        return str(words.BASELINE_NOTE) if self.has_baseline else ""


# --- gathering results ----------------------------------------------------------------------------
def _episode(episode_id: int) -> Episode:
    e = Episode.objects.select_related("clinician__user", "clinician__practice").filter(pk=episode_id).first()
    if e is None:
        raise NotFound(_(NOT_FOUND))
    return e


def _members(episode: Episode) -> list[User]:
    from closeknit.couples import selectors as couples

    return couples.members(episode.couple_id)


def _intensive(episode: Episode) -> Intensive | None:
    return episode.intensives.exclude(status=Intensive.Status.CANCELLED).order_by("-starts_on").first()


Taken = dict[str, list[tuple[str, Administration]]]  # instrument slug -> [(phase, administration)]
Waiting = dict[str, list[str]]  # instrument slug -> phase labels the viewer may not see yet
Person = tuple[User, Taken, Waiting]


def _taken(person: User, episode: Episode, intensive: Intensive | None) -> Taken:
    """A person's results for the report, by instrument, in phase order. With an intensive, its
    measures by phase; every other instrument the person took gets their baseline (the latest result
    before care began, so the report shows the change care made) and the first and latest since care
    began. Bounded: a few rows per instrument, one query per instrument."""
    assert episode.couple_id is not None  # called only for members of the episode's couple (_members)
    out: Taken = {}
    if intensive is not None:
        rows = (
            Measure.objects.filter(
                intensive=intensive, user=person, cancelled_at__isnull=True, phase__in=words.PHASES,
                administration__status=Administration.Status.SUBMITTED, administration__author=person,
            ).select_related("administration__author")
        )  # fmt: skip
        for m in sorted(rows, key=lambda m: words.PHASES.index(m.phase)):
            out.setdefault(m.instrument, []).append((m.phase, m.administration))  # type: ignore[arg-type]  # the filter keeps submitted ones
    own = Administration.objects.select_related("author").filter(
        author=person, couple_id=episode.couple_id, status=Administration.Status.SUBMITTED
    )
    before = own.filter(submitted_at__lt=episode.started_at)
    since = own.filter(submitted_at__gte=episode.started_at)
    if episode.ended_at:
        since = since.filter(submitted_at__lte=episode.ended_at)
    for slug in sorted(set(own.values_list("instrument", flat=True)) - set(out)):
        rows_for: list[tuple[str, Administration]] = []
        if (base := before.filter(instrument=slug).order_by("-submitted_at", "-pk").first()) is not None:
            rows_for.append(("baseline", base))
        of = since.filter(instrument=slug).order_by("submitted_at", "pk")
        first, latest = of.first(), of.last()
        if first is not None:
            rows_for.append(("first", first))
        if latest is not None and first is not None and latest.pk != first.pk:
            rows_for.append(("latest", latest))
        if rows_for:
            out[slug] = rows_for
    return out


def _as_seen_by(viewer: User, taken: Taken) -> tuple[Taken, Waiting]:
    """The other partner's results cut to what the assessments rules show this viewer: visible ones
    kept, "waiting" ones named by phase only, hidden ones (private instruments) dropped without a trace."""
    kept: Taken = {}
    waiting: Waiting = {}
    for slug, rows in taken.items():
        times = assessments.submitted_times(viewer, slug)
        for phase, adm in rows:
            view = assessments.view_of(viewer, adm, viewer_times=times, with_answers=False)
            if view is None or view.state is Access.HIDDEN:
                continue
            if view.state is Access.VISIBLE:
                kept.setdefault(slug, []).append((phase, adm))
            else:
                waiting.setdefault(slug, []).append(words.phase_label(phase))
    return kept, waiting


# --- shaping ----------------------------------------------------------------------------------------
def _line(score: Score, rows: list[tuple[str, Administration]], norms: dict, tz_user: User) -> Line | None:
    points = tuple(
        Point(phase, words.phase_label(phase), assessments.local_day(adm.submitted_at, tz_user), float(v))  # type: ignore[arg-type]  # submitted results only
        for phase, adm in rows
        if (v := adm.scores.get(score.key)) is not None
    )
    if not points:
        return None
    steps = tuple(
        Step(
            p.label, change.change_for_score(score, points[0].value, p.value, norms=score.norms or norms.get(score.key))
        )
        for p in points[1:]
    )
    return Line(score.key, score.title, score.key == "total", points, steps)


def _norms(instrument: Instrument) -> dict:
    """Published norms win (change_for_score uses them); otherwise those learnt from use, if any."""
    if all(s.norms for s in instrument.scores):
        return {}
    return progress.usage_norms(instrument)


def _section(instrument: Instrument, people: list[Person], viewer: User, *, clinician: bool) -> Section | None:
    norms = _norms(instrument)
    results = []
    for person, taken, waiting in people:
        rows = taken.get(instrument.slug, [])
        pending = waiting.get(instrument.slug, [])
        lines = tuple(ln for s in instrument.scores if (ln := _line(s, rows, norms, viewer)) is not None)
        if lines or pending:
            name = person.name if clinician or person.pk != viewer.pk else "You"
            results.append(PersonResults(name, person.pk == viewer.pk, lines, tuple(pending)))
    if not results:
        return None
    seen = {p.phase for r in results for ln in r.lines for p in ln.points}
    order = words.ORDER
    phases = tuple((ph, words.phase_label(ph)) for ph in order if ph in seen)
    main = instrument.total or instrument.scores[0]
    series = []
    for r in results:
        line = next((ln for ln in r.lines if ln.key == main.key), None)
        values = tuple((p.value if (p := line.at(ph)) else None) if line else None for ph, _ in phases)
        series.append((r.name, values))
    chart = None
    if any(sum(v is not None for v in vals) >= 2 for _, vals in series):
        title = f"{instrument.title}: {main.title}, {'by person' if len(series) > 1 else 'over time'}"
        chart = progress.render(title, main.minimum, main.maximum, tuple(lb for _, lb in phases), tuple(series))
    pattern = None
    totals = [r.total.latest if r.total and r.total.key == main.key else None for r in results]
    if len(results) == 2 and all(r.lines for r in results):
        cp = change.couple_pattern(totals)
        pattern = words.pattern_for_clinician(cp) if clinician else cp.words
    return Section(instrument, phases, tuple(results), chart, pattern)


def _sections(viewer: User, people: list[Person], *, clinician: bool) -> list[Section]:
    slugs = {slug for _, taken, _ in people for slug in taken} | {s for _, _, w in people for s in w}
    ordered = sorted(slugs, key=lambda s: (ORDER.index(s) if s in ORDER else len(ORDER), s))
    out = []
    for slug in ordered:
        try:
            instrument = definitions.get(slug)
        except definitions.UnknownInstrument:
            continue  # a definition removed from content: nothing can be shown honestly
        if (s := _section(instrument, people, viewer, clinician=clinician)) is not None:
            out.append(s)
    return out


def _maintenance(episode: Episode) -> tuple[CarePractice, ...]:
    if episode.couple_id is None:
        return ()
    from closeknit.practices.library import library

    lib = library()
    out = []
    for step in CareStep.objects.filter(couple_id=episode.couple_id, ended_at__isnull=True).order_by("added_at"):
        practice = lib.get(step.practice)
        out.append(CarePractice(practice.title if practice else step.practice, step.how_often, step.source))
    return tuple(out)


def _caveats(sections: list[Section]) -> tuple[str, ...]:
    steps = [st for s in sections for r in s.people for ln in r.lines for st in ln.steps]
    unknown = any(st.change.category is change.ChangeClass.UNKNOWN for st in steps)
    learnt = any(st.change.sd is not None and not _published(s) for s in sections for st in _steps_of(s))
    return tuple(words.caveats([s.instrument for s in sections], any_unknown=unknown or not steps, learnt=learnt))


def _steps_of(section: Section) -> list[Step]:
    return [st for r in section.people for ln in r.lines for st in ln.steps]


def _published(section: Section) -> bool:
    return all(s.norms for s in section.instrument.scores)


def _report(audience: str, viewer: User, episode: Episode, partners, sections, note: str = "") -> Report:
    intensive = _intensive(episode)
    return Report(
        audience=audience, episode_id=episode.pk, viewer=viewer.name, partners=tuple(partners),
        clinician=episode.clinician.user.name, practice=episode.clinician.practice.name,
        care_from=assessments.local_day(episode.started_at, viewer),
        care_to=assessments.local_day(episode.ended_at, viewer) if episode.ended_at else None,
        intensive=intensive, sections=tuple(sections), maintenance=_maintenance(episode),
        caveats=_caveats(sections) if audience == "clinician" else (), made_on=timezone.now().date(), note=note,
    )  # fmt: skip


# --- the two versions ---------------------------------------------------------------------------------
def clinician_report(user: User, episode_id: int) -> Report:
    """The episode's clinician's report. Each partner's scores need their live "scores" consent, and
    each read is logged (one line per partner) in the same transaction as the read."""
    episode = _episode(episode_id)
    if not rules.can_see_clinician_report(user, episode):
        raise NotFound(_(NOT_FOUND))
    intensive = _intensive(episode)
    partners: list[Partner] = []
    people: list[Person] = []
    with transaction.atomic():
        for person in _members(episode):
            shared = rules.can_read(user, person, episode, "scores")
            partners.append(Partner(person.name, person.pronouns, shared))
            if not shared:
                continue
            taken = _taken(person, episode, intensive)
            people.append((person, taken, {}))
            rules.log_read(
                clinician_user=user, subject=person, episode=episode, category="scores",
                what="progress report", items=sum(len(rows) for rows in taken.values()),
            )  # fmt: skip
    return _report("clinician", user, episode, partners, _sections(user, people, clinician=True))


def partner_report(user: User, episode_id: int) -> Report:
    """One partner's own report: their results, and the other partner's as far as the assessments
    rules already show them to this partner."""
    episode = _episode(episode_id)
    if not rules.can_see_partner_report(user, episode):
        raise NotFound(_(NOT_FOUND))
    intensive = _intensive(episode)
    members = _members(episode)
    partners: list[Partner] = []
    people: list[Person] = []
    for person in sorted(members, key=lambda p: p.pk != user.pk):
        waiting: Waiting
        taken, waiting = _taken(person, episode, intensive), {}
        if person.pk != user.pk:
            taken, waiting = _as_seen_by(user, taken)
        partners.append(Partner(person.name, person.pronouns, True))
        people.append((person, taken, waiting))
    return _report(
        "partner", user, episode, partners, _sections(user, people, clinician=False), note=str(words.PARTNER_NOTE)
    )
