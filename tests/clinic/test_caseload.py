"""The caseload dashboard: one row per couple in care, what each partner shares, risk flags first,
a fixed number of queries however many couples, and one access-log line per read per day."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from closeknit.access import clinic as rules
from closeknit.assessments import services as assessments
from closeknit.assessments.models import Administration
from closeknit.checkins import services as checkins
from closeknit.checkins.models import CheckIn
from closeknit.clinic.models import AccessLog, Episode, Intensive
from closeknit.clinic.selectors import caseload as selectors
from closeknit.clinic.services import alerts as alert_services
from closeknit.clinic.services import care, intake, measures
from closeknit.core.time import local_today
from closeknit.couples import services as couples
from closeknit.practices import services as practices
from tests.assessments.conftest import full_answers
from tests.clinic.helpers import reach
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
URL = "/clinic/"
SOLO = next(p.slug for p in practices.library().safe_for(screen_positive=False) if not p.conflict)


def in_care(clinician, pair, *, ack=True, consent=("scores", "checkins", "practice_log"), lead_id=None) -> Episode:
    e = care.start_episode(user=clinician.user, policy="no_secrets", lead_id=lead_id)
    for p in (pair.a, pair.b):
        care.join_episode(user=p, token=e.join_token)
    if ack:
        for p in (pair.a, pair.b):
            care.acknowledge(user=p, episode_id=e.pk, policy=e.policy)
        for p in (pair.a, pair.b):
            for category in consent:
                care.set_consent(user=p, episode_id=e.pk, category=category, granted=True)
    e.refresh_from_db()
    return e


def checkin_on(person, answers, day: dt.date, shared=("feelings", "emotional_closeness")) -> CheckIn:
    """A real check-in through the service, then moved to an earlier day (the service writes today's)."""
    row, _ = checkins.save_today(user=person, answers=dict(answers, shared=list(shared)))
    CheckIn.objects.filter(pk=row.pk).update(local_date=day)
    return row


def closeness(person, value, *, days_ago=0, **overrides) -> Administration:
    adm = assessments.take(
        user=person, slug="closeness-check", answers=full_answers("closeness-check", value, **overrides)
    )
    if days_ago:
        Administration.objects.filter(pk=adm.pk).update(submitted_at=timezone.now() - dt.timedelta(days=days_ago))
    return adm


def case_of(load: selectors.Caseload, episode: Episode) -> selectors.Case:
    return next(c for c in load.cases if c.episode.pk == episode.pk)


# --- the bulk rule agrees with can_read ---------------------------------------------------------
def test_readable_categories_agrees_with_can_read_everywhere(clinic, make_couple, make_user):
    rivera, okafor = clinic.rivera, clinic.okafor
    full = make_couple()
    e_full = in_care(rivera, full, consent=("scores", "checkins"))
    half = make_couple()  # only one of them accepted the agreement
    e_half = care.start_episode(user=rivera.user, policy="individual")
    for p in (half.a, half.b):
        care.join_episode(user=p, token=e_half.join_token)
    care.acknowledge(user=half.a, episode_id=e_half.pk, policy="individual")
    care.set_consent(user=half.a, episode_id=e_half.pk, category="scores", granted=True)
    revoked = make_couple()
    e_revoked = in_care(rivera, revoked, consent=("scores", "practice_log"))
    care.set_consent(user=revoked.b, episode_id=e_revoked.pk, category="scores", granted=False)
    left = make_couple()
    e_left = in_care(rivera, left)
    couples.leave_space(user=left.b)  # the couple's space ends: nobody is an active member any more
    ended = make_couple()
    e_ended = in_care(rivera, ended)
    care.end_episode(user=rivera.user, episode_id=e_ended.pk)
    theirs = make_couple()
    e_theirs = in_care(okafor, theirs)
    e_waiting = care.start_episode(user=rivera.user, policy="no_secrets")
    episodes = [
        Episode.objects.select_related("clinician").get(pk=e.pk)
        for e in (e_full, e_half, e_revoked, e_left, e_ended, e_theirs, e_waiting)
    ]
    people = [p for pair in (full, half, revoked, left, ended, theirs) for p in (pair.a, pair.b)]
    from django.contrib.auth.models import AnonymousUser

    viewers = [rivera.user, okafor.user, clinic.owner, clinic.admin, clinic.stranger.user, full.a, AnonymousUser()]
    categories = ["scores", "checkins", "reflections", "practice_log", "safety_alerts"]
    allowed_somewhere = 0
    for viewer in viewers:
        bulk = rules.readable_categories(viewer, episodes)
        for e, subject, category in itertools.product(episodes, people, categories):
            one = rules.can_read(viewer, subject, e, category)
            assert one == (category in bulk.get((e.pk, subject.pk), set())), (viewer, e, subject, category)
            allowed_somewhere += one
    # the combinations are not all "no": the expected reads are open, and only those
    assert rules.readable_categories(rivera.user, episodes) == {
        (e_full.pk, full.a.pk): {"scores", "checkins"},
        (e_full.pk, full.b.pk): {"scores", "checkins"},
        (e_revoked.pk, revoked.a.pk): {"scores", "practice_log"},
        (e_revoked.pk, revoked.b.pk): {"practice_log"},
    }
    assert rules.readable_categories(okafor.user, episodes) == {
        (e_theirs.pk, theirs.a.pk): {"scores", "checkins", "practice_log"},
        (e_theirs.pk, theirs.b.pk): {"scores", "checkins", "practice_log"},
    }
    assert allowed_somewhere == 13


# --- what a row shows ------------------------------------------------------------------------------
def test_row_shows_scores_trend_activity_and_logs_once_a_day(clinic, couple, answers):
    e = in_care(clinic.rivera, couple, consent=("scores", "checkins", "practice_log"))
    closeness(couple.a, 1, days_ago=3)
    closeness(couple.a, 3)
    today = local_today(clinic.rivera.user.timezone)
    for back in (1, 2, 9):
        checkin_on(couple.a, answers, today - dt.timedelta(days=back))
    checkin_on(couple.a, answers, today - dt.timedelta(days=3), shared=())  # kept private: not counted
    log = practices.start(user=couple.b, slug=SOLO)
    practices.finish(user=couple.b, log_id=log.pk)
    practices.start(user=couple.b, slug=SOLO)  # not finished: not counted

    load = selectors.caseload_for(clinic.rivera.user)
    row = case_of(load, e)
    a, b = row.partners
    assert row.names == f"{couple.a.name} & {couple.b.name}"
    assert a.closeness.latest > a.closeness.previous and a.closeness.trend == "up"
    assert b.closeness is None  # has not taken one
    assert (a.checkin_days, b.checkin_days) == (2, 0)
    assert (a.practices, b.practices) == (0, 1)
    lines = set(AccessLog.objects.values_list("subject_id", "category", "what"))
    assert lines == {
        (p.pk, cat, selectors.OVERVIEW) for p in (couple.a, couple.b) for cat in ("scores", "checkins", "practice_log")
    }
    selectors.caseload_for(clinic.rivera.user)
    assert AccessLog.objects.count() == 6  # the same day: no new lines
    AccessLog.objects.update(at=timezone.now() - dt.timedelta(days=2))
    selectors.caseload_for(clinic.rivera.user)
    assert AccessLog.objects.count() == 12  # a new day: one line per partner per category again


def test_without_consent_it_says_not_shared_and_logs_nothing(clinic, couple, client, answers):
    e = in_care(clinic.rivera, couple, consent=())
    care.set_consent(user=couple.b, episode_id=e.pk, category="checkins", granted=True)
    closeness(couple.a, 1, days_ago=3)
    closeness(couple.a, 3)
    checkin_on(couple.a, answers, local_today(clinic.rivera.user.timezone) - dt.timedelta(days=1))
    client.login(username=clinic.rivera.user.email, password=PASSWORD)
    html = client.get(URL).content.decode()
    row = html[html.index(f'id="case-{e.pk}"') :]
    row = row[: row.index("</tr>")]
    assert row.count("Not shared") == 2 and "Check-ins not shared" in row and "Practices not shared" in row
    assert "3.0" not in row and "1.0" not in row  # A's scores stay out
    # only B's check-ins were read, and only that is in the log
    assert list(AccessLog.objects.values_list("subject_id", "category")) == [(couple.b.pk, "checkins")]


def test_before_both_accept_the_agreement_nothing_is_read(clinic, couple):
    e = in_care(clinic.rivera, couple, ack=False)
    closeness(couple.a, 2)
    row = case_of(selectors.caseload_for(clinic.rivera.user), e)
    assert all(p.shared == set() and p.closeness is None and p.checkin_days is None for p in row.partners)
    assert not AccessLog.objects.exists()


# --- risk flags ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("recent", "prior", "flag"),
    [
        (0, 7, False),  # no habit to drop: under 8 days in the 28 before
        (0, 8, True),
        (1, 8, True),  # 1/14 < half of 8/28
        (2, 8, False),  # 2/14 is exactly half of 8/28: not below it
        (6, 28, True),  # every day before, 6 of 14 now
        (7, 28, False),  # exactly half
        (14, 28, False),
        (3, 12, False),  # 3/14 vs 12/28: exactly half
        (2, 12, True),
    ],
)
def test_checkins_dropped_rule_at_its_edges(recent, prior, flag):
    assert selectors.checkins_dropped(recent, prior) is flag


def test_checkins_dropped_flag_from_real_rows(clinic, couple, answers):
    e = in_care(clinic.rivera, couple)
    today = local_today(clinic.rivera.user.timezone)
    for back in range(14, 42, 3):  # 10 days in the 28 before the last 14 (days 14..41 back)
        checkin_on(couple.a, answers, today - dt.timedelta(days=back))
    checkin_on(couple.a, answers, today - dt.timedelta(days=13))
    row = case_of(selectors.caseload_for(clinic.rivera.user), e)
    a = row.partners[0]
    assert (a.recent_checkins, a.prior_checkins) == (1, 10)
    assert [f.key for f in row.flags] == ["dropped"]
    assert couple.a.name in row.flags[0].why and "1 of the last 14 days" in row.flags[0].why
    checkin_on(couple.a, answers, today - dt.timedelta(days=12))  # 2/14 vs 10/28: still below half
    assert [f.key for f in case_of(selectors.caseload_for(clinic.rivera.user), e).flags] == ["dropped"]
    checkin_on(couple.a, answers, today - dt.timedelta(days=11))  # 3/14 > half of 10/28: no flag
    assert case_of(selectors.caseload_for(clinic.rivera.user), e).flags == []
    # without check-in consent, the rule cannot look, so there is no flag either
    care.set_consent(user=couple.a, episode_id=e.pk, category="checkins", granted=False)
    for day in (11, 12):
        CheckIn.objects.filter(author=couple.a, local_date=today - dt.timedelta(days=day)).delete()
    assert case_of(selectors.caseload_for(clinic.rivera.user), e).flags == []


def _learn_closeness_norms(make_user) -> None:
    """40 people whose answers hang together and spread out: closeknit learns the scale's SD and alpha."""
    inst_items = [i.id for i in assessments.instrument_for_taking("closeness-check").items]
    for n in range(40):
        value = n % 5
        assessments.take(
            user=make_user(),
            slug="closeness-check",
            answers=full_answers("closeness-check", value, **{inst_items[0]: (value + 1) % 5}),
        )
    cache.clear()


def test_reliably_worse_needs_scores_consent(clinic, couple, make_user):
    _learn_closeness_norms(make_user)
    e = in_care(clinic.rivera, couple)
    Episode.objects.filter(pk=e.pk).update(started_at=timezone.now() - dt.timedelta(days=30))
    closeness(couple.b, 4, days_ago=20)  # first since care began
    closeness(couple.b, 3, days_ago=10)
    closeness(couple.b, 0)
    closeness(couple.a, 2, days_ago=10)
    closeness(couple.a, 2)
    load = selectors.caseload_for(clinic.rivera.user)
    row = case_of(load, e)
    assert [f.key for f in row.flags] == ["worse"]
    assert couple.b.name in row.flags[0].why and "Jacobson-Truax" in row.flags[0].why
    b = row.partners[1]
    assert b.closeness.worse is not None and b.closeness.summary == "Reliably worse since care began"
    assert row.partners[0].closeness.summary == "No reliable change since care began"
    care.set_consent(user=couple.b, episode_id=e.pk, category="scores", granted=False)
    row = case_of(selectors.caseload_for(clinic.rivera.user), e)
    assert row.flags == [] and row.partners[1].closeness is None


def test_reliably_worse_against_the_pre_intensive_result(clinic, couple, make_user):
    _learn_closeness_norms(make_user)
    before = closeness(couple.a, 0, days_ago=60)  # long before care: not the episode's baseline
    e = in_care(clinic.rivera, couple)
    today = local_today(clinic.rivera.user.timezone)
    intensive = Intensive.objects.create(
        episode=e, name="Two days", starts_on=today - dt.timedelta(days=5), ends_on=today - dt.timedelta(days=4),
        pre_due_on=today - dt.timedelta(days=6),
    )  # fmt: skip
    measures.assign_for_intensive(
        intensive=intensive, partners=[couple.a, couple.b], today=today - dt.timedelta(days=9)
    )
    pre = closeness(couple.a, 4)  # ticks A's pre-intensive closeness check
    assert pre.pk in set(intensive.measures.values_list("administration_id", flat=True)) - {None}
    Administration.objects.filter(pk=pre.pk).update(submitted_at=timezone.now() - dt.timedelta(days=7))
    # make A's first result since care began a low one, so only the pre-intensive comparison can flag
    Administration.objects.filter(pk=before.pk).update(submitted_at=timezone.now() - dt.timedelta(days=8))
    Episode.objects.filter(pk=e.pk).update(started_at=timezone.now() - dt.timedelta(days=9))
    closeness(couple.a, 0)
    row = case_of(selectors.caseload_for(clinic.rivera.user), e)
    a = row.partners[0]
    assert a.closeness.verdict is not None and not a.closeness.verdict.worse  # 0 -> 0 since care began
    assert a.closeness.pre_verdict.worse and a.closeness.summary == "Reliably worse since the intensive"
    assert [f.key for f in row.flags] == ["worse"]


def test_safety_screen_and_unseen_alerts_flag_and_sort_first(clinic, make_couple, client):
    quiet = make_couple()
    e_quiet = in_care(clinic.rivera, quiet)
    lead, screen_a, _ = reach(clinic.rivera)
    intake.answer_screen(
        token=screen_a.token,
        data={"hurt": "yes", "afraid": "no", "control": "no", "pressure": "no", "crisis": "no", "coming": "want"},
    )
    screened = make_couple()
    e_screened = in_care(clinic.rivera, screened, lead_id=lead.pk)
    alerted = make_couple()
    e_alerted = in_care(clinic.rivera, alerted, consent=("safety_alerts",))
    alert_services.raise_alert(subject=alerted.a, kinds=["self_harm"], where="checkin")
    load = selectors.caseload_for(clinic.rivera.user)
    order = [c.episode.pk for c in load.cases]
    assert set(order[:2]) == {e_screened.pk, e_alerted.pk} and order[2] == e_quiet.pk
    screened_flag = case_of(load, e_screened).flags[0]
    assert (screened_flag.key, screened_flag.label) == ("safety", "Safety screen")
    alert_flag = case_of(load, e_alerted).flags[0]
    assert alert_flag.label == "Safety alert" and "1 safety alert not yet seen" in alert_flag.why
    assert "self_harm" not in alert_flag.why and "hurt" not in screened_flag.why  # never the answers
    assert load.flagged == 2
    only = selectors.caseload_for(clinic.rivera.user, only="flagged")
    assert {c.episode.pk for c in only.cases} == {e_screened.pk, e_alerted.pk}
    # revoking safety-alert consent hides the alert, as the episode page does
    care.set_consent(user=alerted.a, episode_id=e_alerted.pk, category="safety_alerts", granted=False)
    assert case_of(selectors.caseload_for(clinic.rivera.user), e_alerted).flags == []
    client.login(username=clinic.rivera.user.email, password=PASSWORD)
    html = client.get(URL).content.decode()
    assert html.index(f'id="case-{e_screened.pk}"') < html.index(f'id="case-{e_quiet.pk}"')
    assert "Safety screen" in html


def test_overdue_measures_count_and_names(clinic, couple):
    e = in_care(clinic.rivera, couple, consent=())
    today = local_today(clinic.rivera.user.timezone)
    intensive = Intensive.objects.create(
        episode=e, name="Two days", starts_on=today + dt.timedelta(days=3), ends_on=today + dt.timedelta(days=4),
        pre_due_on=today - dt.timedelta(days=1),
    )  # fmt: skip
    measures.assign_for_intensive(
        intensive=intensive, partners=[couple.a, couple.b], today=today - dt.timedelta(days=5)
    )
    closeness(couple.a, 2)  # done: no longer overdue
    row = case_of(selectors.caseload_for(clinic.rivera.user), e)
    assert len(row.overdue) == 3
    assert row.overdue_instruments == "Closeness check, Distance drivers" or "," in row.overdue_instruments
    assert {o.name for o in row.overdue} == {couple.a.name, couple.b.name}
    assert row.next_intensive.pk == intensive.pk
    measures.cancel_open(intensive=intensive)
    assert case_of(selectors.caseload_for(clinic.rivera.user), e).overdue == []


# --- a fixed number of queries -------------------------------------------------------------------------
def _couple_with_data(clinician, make_couple, answers):
    pair = make_couple()
    e = in_care(clinician, pair, consent=("scores", "checkins", "practice_log", "safety_alerts"))
    today = local_today(clinician.user.timezone)
    for p in (pair.a, pair.b):
        closeness(p, 1, days_ago=5)
        closeness(p, 3)
        for back in (1, 2, 20):
            checkin_on(p, answers, today - dt.timedelta(days=back))
    return e


def test_queries_do_not_grow_with_couples(clinic, make_couple, answers, client, django_assert_max_num_queries):
    client.login(username=clinic.rivera.user.email, password=PASSWORD)
    for _ in range(2):
        _couple_with_data(clinic.rivera, make_couple, answers)
    client.get(URL)  # first view of the day writes the log lines
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for _ in range(6):
        _couple_with_data(clinic.rivera, make_couple, answers)
    client.get(URL)
    with CaptureQueriesContext(connection) as many:
        html = client.get(URL).content.decode()
    assert html.count('class="cl-row') == 8
    assert len(many) == len(few), [q["sql"][:90] for q in many]
    AccessLog.objects.all().delete()
    with django_assert_max_num_queries(len(few) + 3):  # + savepoint, the log lines' one insert, release
        client.get(URL)
    assert AccessLog.objects.count() == 8 * 2 * 4


# --- who sees what -------------------------------------------------------------------------------------
def test_role_matrix(clinic, couple, client, make_user):
    e = in_care(clinic.rivera, couple)
    closeness(couple.a, 2)
    names = f"{couple.a.name} &amp; {couple.b.name}"
    expect = {
        "episode clinician": (clinic.rivera.user, 200, True),
        "other clinician, same practice": (clinic.okafor.user, 200, False),
        "owner": (clinic.owner, 200, False),
        "admin staff": (clinic.admin, 200, False),
        "clinician at another practice": (clinic.stranger.user, 200, False),
        "partner": (couple.a, 404, False),
    }
    for who, (user, status, sees) in expect.items():
        client.logout()
        client.login(username=user.email, password=PASSWORD)
        r = client.get(URL)
        assert r.status_code == status, who
        html = r.content.decode()
        assert (f'id="case-{e.pk}"' in html) is sees, who
        assert (names in html) is sees, who
        assert ('id="caseload"' in html) is (user in (clinic.rivera.user, clinic.okafor.user, clinic.stranger.user)), (
            who
        )
    client.logout()
    r = client.get(URL)
    assert r.status_code == 302 and reverse("account_login") in r["Location"]
    # only the episode clinician's view was logged
    assert set(AccessLog.objects.values_list("clinician_id", flat=True)) == {clinic.rivera.user.pk}


def test_bad_filter_is_a_clear_400_and_empty_states(clinic, client):
    client.login(username=clinic.okafor.user.email, password=PASSWORD)
    r = client.get(URL, {"only": "<script>"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "We can show every couple, or only those with a flag" in html and "<script>" not in html
    assert "No couple has joined you yet" in html
    r = client.get(URL, {"only": "flagged"})
    assert r.status_code == 200 and "No couple has a flag right now" in r.content.decode()
    care.start_episode(user=clinic.okafor.user, policy="no_secrets")
    html = client.get(URL).content.decode()
    assert "Waiting for the couple to join" in html


# --- the same caseload over the API ------------------------------------------------------------------
API = "/api/clinic/caseload"


def test_api_role_matrix_and_errors(clinic, couple, client):
    e = in_care(clinic.rivera, couple, consent=("checkins",))
    closeness(couple.a, 2)
    client.login(username=clinic.rivera.user.email, password=PASSWORD)
    body = client.get(API).json()
    (case,) = body["cases"]
    assert case["episode_id"] == e.pk and case["flags"] == [] and body["flagged"] == 0
    a = case["partners"][0]
    assert a["shared"] == ["checkins"] and a["closeness"] is None and a["checkin_days"] == 0 and a["practices"] is None
    assert AccessLog.objects.filter(category="checkins").count() == 2 and not AccessLog.objects.filter(
        category="scores"
    )
    assert client.get(API, {"only": "flagged"}).json()["cases"] == []
    bad = client.get(API, {"only": "everyone"})
    assert bad.status_code == 422 and bad.json()["detail"]
    for user, status in (
        (clinic.okafor.user, 200),
        (clinic.stranger.user, 200),
        (clinic.owner, 404),
        (clinic.admin, 404),
        (couple.a, 404),
    ):
        client.logout()
        client.login(username=user.email, password=PASSWORD)
        r = client.get(API)
        assert r.status_code == status, user
        if status == 200:
            assert r.json()["cases"] == []
        else:
            assert r.json()["detail"] == "Only a clinician has a caseload."
    client.logout()
    assert client.get(API).status_code == 401
