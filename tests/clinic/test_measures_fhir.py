"""The measures export as FHIR: it parses back with fhir.resources, holds only consenting partners,
logs each read, carries no email or name, and opens for the episode's clinician only."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from fhir.resources.R4B.bundle import Bundle

from closeknit.assessments import definitions
from closeknit.assessments import services as assessments
from closeknit.clinic.models import AccessLog
from closeknit.clinic.reports import fhir
from closeknit.clinic.services import care
from tests.clinic.test_reports import answers_for

ROLES = ("rivera", "okafor", "owner", "admin", "stranger", "a", "b", "other_partner", "anonymous")


@pytest.fixture
def setup(clinic, couple, make_couple):
    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    for p in (couple.a, couple.b):
        care.join_episode(user=p, token=e.join_token)
        care.acknowledge(user=p, episode_id=e.pk, policy="no_secrets")
    people = {
        "rivera": clinic.rivera.user, "okafor": clinic.okafor.user, "owner": clinic.owner, "admin": clinic.admin,
        "stranger": clinic.stranger.user, "a": couple.a, "b": couple.b, "other_partner": make_couple().a,
        "anonymous": None,
    }  # fmt: skip
    # A: two closeness checks; B: one closeness check and one fear of closeness.
    assessments.take(user=couple.a, slug="closeness-check", answers=answers_for("closeness-check", 1))
    assessments.take(user=couple.a, slug="closeness-check", answers=answers_for("closeness-check", 3))
    assessments.take(user=couple.b, slug="closeness-check", answers=answers_for("closeness-check", 2))
    assessments.take(user=couple.b, slug="fear-of-closeness", answers=answers_for("fear-of-closeness", 2))
    return e, people


def share(e, person, granted=True):
    care.set_consent(user=person, episode_id=e.pk, category="scores", granted=granted)


def urls(episode_id: int) -> list[tuple[str, str]]:
    return [
        ("page", f"/clinic/care/{episode_id}/measures.fhir.json"),
        ("api", f"/api/clinic/episodes/{episode_id}/measures/fhir"),
    ]


def kinds(bundle: Bundle) -> Counter:
    return Counter(e.resource.get_resource_type() for e in bundle.entry or [])


def scores_in(slug: str) -> int:
    return len(definitions.get(slug).scores)


def test_both_consent_bundle_parses_back_with_expected_counts(client, setup, couple):
    episode, people = setup
    share(episode, couple.a)
    share(episode, couple.b)
    client.force_login(people["rivera"])
    for kind, url in urls(episode.pk):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/fhir+json")
        bundle = Bundle.model_validate_json(response.content)
        assert bundle.type == "collection"
        counts = kinds(bundle)
        assert counts["Patient"] == 2
        assert counts["Questionnaire"] == 2  # closeness check and fear of closeness, once each
        assert counts["QuestionnaireResponse"] == 4
        assert counts["Observation"] == 3 * scores_in("closeness-check") + scores_in("fear-of-closeness")
        qs = [e.resource for e in bundle.entry if e.resource.get_resource_type() == "Questionnaire"]
        for q in qs:  # our own scales say they are not validated
            assert q.status == "draft" and "not yet validated" in q.description
            assert q.item and all(i.text and i.linkId for i in q.item)
        closeness = next(q for q in qs if q.url.endswith("closeness-check"))
        assert [i.text for i in closeness.item] == [i.text for i in definitions.get("closeness-check").items]
        assert all(i.answerOption for i in closeness.item if i.type == "choice")
        # Every reference points inside the bundle; every observation has a number, a date and a subject.
        full_urls = {e.fullUrl for e in bundle.entry}
        for e in bundle.entry:
            r = e.resource
            if r.get_resource_type() == "Observation":
                assert r.valueQuantity.value is not None and r.effectiveDateTime is not None
                assert r.subject.reference in full_urls and r.derivedFrom[0].reference in full_urls
            if r.get_resource_type() == "QuestionnaireResponse":
                assert r.status == "completed" and r.subject.reference in full_urls
                assert r.questionnaire.split("|")[0] in {q.url for q in qs}


def test_no_email_or_name_anywhere(client, setup, couple):
    episode, people = setup
    share(episode, couple.a)
    share(episode, couple.b)
    client.force_login(people["rivera"])
    text = client.get(urls(episode.pk)[0][1]).content.decode()
    for person in (couple.a, couple.b):
        assert person.email not in text and person.name not in text
    assert "@" not in text
    patients = [e["resource"] for e in json.loads(text)["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert set(patients[0]) == {"resourceType", "identifier"}
    assert patients[0]["identifier"][0]["value"] != patients[1]["identifier"][0]["value"]


def test_partner_without_consent_adds_nothing(client, setup, couple):
    episode, people = setup
    share(episode, couple.a)
    share(episode, couple.b, granted=False)
    client.force_login(people["rivera"])
    bundle = Bundle.model_validate_json(client.get(urls(episode.pk)[1][1]).content)
    counts = kinds(bundle)
    assert counts["Patient"] == 1
    assert counts["QuestionnaireResponse"] == 2
    assert counts["Observation"] == 2 * scores_in("closeness-check")
    assert counts["Questionnaire"] == 1  # B's fear of closeness leaves no trace, not even its questionnaire
    assert not AccessLog.objects.filter(subject=couple.b).exists()


def test_no_consent_at_all_is_an_empty_bundle(client, setup):
    episode, people = setup
    client.force_login(people["rivera"])
    bundle = Bundle.model_validate_json(client.get(urls(episode.pk)[0][1]).content)
    assert not bundle.entry
    assert not AccessLog.objects.filter(episode=episode).exists()


def test_each_read_is_logged_per_partner(client, setup, couple):
    episode, people = setup
    share(episode, couple.a)
    share(episode, couple.b)
    client.force_login(people["rivera"])
    client.get(urls(episode.pk)[0][1])
    logs = AccessLog.objects.filter(episode=episode, category="scores").order_by("subject_id")
    assert [(x.subject_id, x.what, x.items) for x in logs] == [
        (couple.a.pk, fhir.LOG_WHAT, 2),
        (couple.b.pk, fhir.LOG_WHAT, 2),
    ]
    client.get(urls(episode.pk)[1][1])
    assert AccessLog.objects.filter(episode=episode, what=fhir.LOG_WHAT).count() == 4
    client.force_login(couple.a)  # the partner reads it, in plain words, on their Care page
    assert f"read your assessment scores ({fhir.LOG_WHAT})" in client.get("/care/").content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, setup, couple, role):
    episode, people = setup
    share(episode, couple.a)
    share(episode, couple.b)
    if people[role] is not None:
        client.force_login(people[role])
    for kind, url in urls(episode.pk):
        response = client.get(url)
        if role == "rivera":
            assert response.status_code == 200, (url, role)
        elif role == "anonymous":
            assert response.status_code == (401 if kind == "api" else 302), (url, role)
        else:
            assert response.status_code == 404, (url, role, response.status_code)
            assert b"closeknit:questionnaire" not in response.content
    if role != "rivera":
        assert not AccessLog.objects.filter(episode=episode).exists()


def test_episode_page_links_the_export_for_its_clinician_only(client, setup, couple):
    episode, people = setup
    client.force_login(people["rivera"])
    page = client.get(f"/clinic/care/{episode.pk}/").content.decode()
    assert "Export measures (FHIR)" in page and f"/clinic/care/{episode.pk}/measures.fhir.json" in page


def test_unknown_episode_and_bad_ids(client, setup):
    episode, people = setup
    client.force_login(people["rivera"])
    for _, url in urls(episode.pk + 1000):
        assert client.get(url).status_code == 404
    assert client.get("/api/clinic/episodes/0/measures/fhir").status_code == 422
    assert client.post(urls(episode.pk)[0][1]).status_code == 405


def test_baseline_from_before_care_is_the_latest_one_and_values_match(client, setup, couple):
    """Before care: only the latest result per instrument goes out (the report's baseline); since care,
    every result. Each Observation carries the stored score, and no response carries item answers."""
    import datetime as dt

    from closeknit.assessments.models import Administration

    episode, people = setup
    share(episode, couple.a)
    old = assessments.take(user=couple.a, slug="closeness-check", answers=answers_for("closeness-check", 0))
    base = assessments.take(user=couple.a, slug="closeness-check", answers=answers_for("closeness-check", 4))
    Administration.objects.filter(pk=old.pk).update(submitted_at=episode.started_at - dt.timedelta(days=20))
    Administration.objects.filter(pk=base.pk).update(submitted_at=episode.started_at - dt.timedelta(days=2))
    client.force_login(people["rivera"])
    bundle = Bundle.model_validate_json(client.get(urls(episode.pk)[0][1]).content)
    responses = [e.resource for e in bundle.entry if e.resource.get_resource_type() == "QuestionnaireResponse"]
    assert len(responses) == 3  # the baseline and the two since care began; the older one stays home
    assert responses[0].authored.date() == (episode.started_at - dt.timedelta(days=2)).date()
    assert all(not r.item for r in responses)
    totals = [
        float(e.resource.valueQuantity.value)
        for e in bundle.entry
        if e.resource.get_resource_type() == "Observation" and e.resource.code.coding[0].code == "total"
    ]
    wanted = Administration.objects.filter(author=couple.a).exclude(pk=old.pk).order_by("submitted_at", "pk")
    assert totals == [round(float(a.scores["total"]), 4) for a in wanted]


def test_revoked_consent_stops_the_export(client, setup, couple):
    episode, people = setup
    share(episode, couple.a)
    share(episode, couple.b)
    share(episode, couple.b, granted=False)
    client.force_login(people["rivera"])
    bundle = Bundle.model_validate_json(client.get(urls(episode.pk)[1][1]).content)
    assert kinds(bundle)["Patient"] == 1
    assert not AccessLog.objects.filter(subject=couple.b).exists()
