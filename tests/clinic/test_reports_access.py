"""Who may open progress reports, over every page and API route of the area, and what the responses say."""

from __future__ import annotations

import re

import pytest

from closeknit.clinic.services import care
from tests.clinic.test_reports import answers_for, pdf_text

ROLES = ("rivera", "okafor", "owner", "admin", "stranger", "a", "b", "other_partner", "anonymous")
CLINICIAN_ONLY = {"rivera"}
PARTNERS = {"a", "b"}


@pytest.fixture
def setup(clinic, couple, make_couple):
    from closeknit.assessments import services as assessments

    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    for p in (couple.a, couple.b):
        care.join_episode(user=p, token=e.join_token)
        care.acknowledge(user=p, episode_id=e.pk, policy="no_secrets")
        care.set_consent(user=p, episode_id=e.pk, category="scores", granted=True)
        assessments.take(user=p, slug="closeness-check", answers=answers_for("closeness-check", 2))
    people = {
        "rivera": clinic.rivera.user, "okafor": clinic.okafor.user, "owner": clinic.owner, "admin": clinic.admin,
        "stranger": clinic.stranger.user, "a": couple.a, "b": couple.b, "other_partner": make_couple().a,
        "anonymous": None,
    }  # fmt: skip
    return e, people


def routes(episode_id: int) -> list[tuple[str, str, set[str]]]:
    """(kind, url, who gets a 200)."""
    return [
        ("page", f"/clinic/care/{episode_id}/report/", CLINICIAN_ONLY),
        ("pdf", f"/clinic/care/{episode_id}/report.pdf", CLINICIAN_ONLY),
        ("pdf", f"/care/{episode_id}/report.pdf", PARTNERS),
        ("api", f"/api/clinic/episodes/{episode_id}/report", CLINICIAN_ONLY),
        ("api", f"/api/care/{episode_id}/report", PARTNERS),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, setup, role):
    episode, people = setup
    if people[role] is not None:
        client.force_login(people[role])
    for kind, url, allowed in routes(episode.pk):
        response = client.get(url)
        if role in allowed:
            assert response.status_code == 200, (url, role)
        elif role == "anonymous":
            expected = 401 if kind == "api" else 302
            assert response.status_code == expected, (url, role)
            if kind != "api":
                assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 404, (url, role, response.status_code)
            if kind == "api":
                assert response.json()["code"] == "not_found"
                assert response.json()["detail"] == "We could not find that progress report."


def test_unknown_episode_is_404_everywhere(client, setup):
    episode, people = setup
    for who in ("rivera", "a"):
        client.force_login(people[who])
        for kind, url, _ in routes(episode.pk + 1000):
            response = client.get(url)
            assert response.status_code == 404, url
    client.force_login(people["rivera"])
    assert client.get("/api/clinic/episodes/0/report").status_code == 422  # out of range: a clear refusal
    assert client.get("/api/clinic/episodes/abc/report").json()["code"] == "invalid"
    assert client.get("/clinic/care/abc/report.pdf").status_code == 404
    assert client.post(f"/clinic/care/{episode.pk}/report.pdf").status_code == 405  # reading only


def test_pdf_responses(client, setup):
    episode, people = setup
    client.force_login(people["rivera"])
    response = client.get(f"/clinic/care/{episode.pk}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="closeknit-progress-report-person-\d+-and-person-\d+-\d{4}-\d{2}-\d{2}\.pdf"',
        response["Content-Disposition"],
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert people["a"].name in text and people["b"].name in text
    client.force_login(people["a"])
    mine = client.get(f"/care/{episode.pk}/report.pdf")
    assert mine["Content-Type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="closeknit-my-progress-report-\d{4}-\d{2}-\d{2}\.pdf"', mine["Content-Disposition"]
    )
    assert "YOUR COPY" in pdf_text(mine.content)


def test_api_json_matches_the_rules(client, setup):
    episode, people = setup
    care.set_consent(user=people["b"], episode_id=episode.pk, category="scores", granted=False)
    client.force_login(people["rivera"])
    body = client.get(f"/api/clinic/episodes/{episode.pk}/report").json()
    assert body["audience"] == "clinician"
    assert [(p["name"], p["shares_scores"]) for p in body["partners"]] == [
        (people["a"].name, True),
        (people["b"].name, False),
    ]
    (section,) = body["instruments"]
    assert [p["name"] for p in section["people"]] == [people["a"].name]
    assert section["people"][0]["scores"][0]["points"][0]["value"] == 2.0
    assert any("not yet validated" in c for c in body["caveats"])
    client.force_login(people["b"])
    mine = client.get(f"/api/care/{episode.pk}/report").json()
    assert mine["audience"] == "partner" and mine["caveats"] == []
    assert [p["name"] for p in mine["instruments"][0]["people"]] == ["You", people["a"].name]


def test_preview_page_and_links(client, setup):
    episode, people = setup
    client.force_login(people["rivera"])
    page = client.get(f"/clinic/care/{episode.pk}/").content.decode()
    assert (
        f'href="/clinic/care/{episode.pk}/report/"' in page and f'href="/clinic/care/{episode.pk}/report.pdf"' in page
    )
    preview = client.get(f"/clinic/care/{episode.pk}/report/")
    html = preview.content.decode()
    assert "Progress report:" in html and "<svg" in html and '<script type="text/javascript">' not in html
    assert "unsafe-inline" not in preview["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert ' style="' not in html.split('id="report"')[1]  # the report body needs no inline style
    client.force_login(people["a"])
    care_page = client.get("/care/").content.decode()
    assert f'href="/care/{episode.pk}/report.pdf"' in care_page and "Your progress report (PDF)" in care_page
    client.force_login(people["admin"])
    assert client.get(f"/clinic/care/{episode.pk}/").status_code == 404  # the episode page is the clinician's
