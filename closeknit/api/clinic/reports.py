"""Progress reports over HTTP: the clinician's report data under /api/clinic/, a partner's own under
/api/care/. The same selector as the PDF (closeknit.clinic.reports.data) decides what each holds,
so the JSON never shows more than the PDF; the clinician's call logs its reads there."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from ninja import Path, Router, Schema
from pydantic import Field

from closeknit.accounts.http import AuthedRequest
from closeknit.api.common import MAX_ID
from closeknit.api.errors import responses
from closeknit.clinic.reports import data, fhir

router = Router(tags=["clinic"])


class ReportPointOut(Schema):
    phase: str = Field(description="pre, post, follow_1m, follow_3m, follow_6m; first or latest without an intensive")
    label: str
    on: dt.date
    value: float


class ReportStepOut(Schema):
    label: str = Field(description="The later point compared with the first.")
    category: Literal["recovered", "improved", "unchanged", "deteriorated", "unknown"]
    verdict: str = Field(
        description="Short verdict: reliably better / no reliable change / reliably worse / can't tell yet."
    )
    words: str
    rc: float | None = Field(description="Jacobson-Truax reliable change index; null without norms.")


class ReportScoreOut(Schema):
    key: str
    title: str
    is_total: bool
    points: list[ReportPointOut]
    change: float | None = Field(description="Latest minus first; null with one result.")
    steps: list[ReportStepOut]


class ReportPersonOut(Schema):
    name: str
    is_you: bool
    scores: list[ReportScoreOut]
    waiting: list[str] = Field(description="Phases the partner answered that you see once you answer the same round.")


class ReportInstrumentOut(Schema):
    slug: str
    title: str
    label: str
    validated: bool
    people: list[ReportPersonOut]
    couple_pattern: str | None


class ReportPartnerOut(Schema):
    name: str
    pronouns: str
    shares_scores: bool


class ReportIntensiveOut(Schema):
    name: str
    starts_on: dt.date
    ends_on: dt.date


class ReportPracticeOut(Schema):
    title: str
    how_often: str
    source: str


class ProgressReportOut(Schema):
    audience: Literal["clinician", "partner"]
    episode_id: int
    partners: list[ReportPartnerOut]
    clinician: str
    practice: str
    care_from: dt.date
    care_to: dt.date | None
    intensive: ReportIntensiveOut | None
    instruments: list[ReportInstrumentOut]
    maintenance: list[ReportPracticeOut]
    caveats: list[str]
    note: str


def report_out(r: data.Report) -> ProgressReportOut:
    return ProgressReportOut(
        audience=r.audience,  # type: ignore[arg-type]  # a model's str; pydantic checks it against the schema's Literal
        episode_id=r.episode_id,
        partners=[ReportPartnerOut(name=p.name, pronouns=p.pronouns, shares_scores=p.shared) for p in r.partners],
        clinician=r.clinician,
        practice=r.practice,
        care_from=r.care_from,
        care_to=r.care_to,
        intensive=ReportIntensiveOut(
            name=r.intensive.name, starts_on=r.intensive.starts_on, ends_on=r.intensive.ends_on
        )
        if r.intensive
        else None,
        instruments=[
            ReportInstrumentOut(
                slug=s.instrument.slug,
                title=s.instrument.title,
                label=s.instrument.label,
                validated=s.validated,
                couple_pattern=s.pattern,
                people=[
                    ReportPersonOut(
                        name=p.name,
                        is_you=p.is_viewer,
                        waiting=list(p.waiting),
                        scores=[
                            ReportScoreOut(
                                key=ln.key,
                                title=ln.title,
                                is_total=ln.is_total,
                                change=ln.difference,
                                points=[
                                    ReportPointOut(phase=pt.phase, label=pt.label, on=pt.on, value=pt.value)
                                    for pt in ln.points
                                ],
                                steps=[
                                    ReportStepOut(
                                        label=st.label,
                                        category=st.change.category.value,
                                        verdict=st.verdict,
                                        words=st.change.words,
                                        rc=round(st.change.rc, 3) if st.change.rc is not None else None,
                                    )
                                    for st in ln.steps
                                ],
                            )
                            for ln in p.lines
                        ],
                    )
                    for p in s.people
                ],
            )
            for s in r.sections
        ],
        maintenance=[ReportPracticeOut(title=m.title, how_often=m.how_often, source=m.source) for m in r.maintenance],
        caveats=list(r.caveats),
        note=r.note,
    )


@router.get(
    "/clinic/episodes/{episode_id}/report",
    response={200: ProgressReportOut, **responses(401, 404, 422)},
    summary="Progress report (clinician)",
)
def clinician_report(request: AuthedRequest, episode_id: int = Path(..., ge=1, le=MAX_ID)) -> ProgressReportOut:
    """The episode's clinician only. Each partner's scores appear only with their live consent to
    share scores, and each read is written to the access log that partner sees. The PDF is at
    /clinic/care/{episode_id}/report.pdf."""
    return report_out(data.clinician_report(request.user, episode_id))


@router.get(
    "/clinic/episodes/{episode_id}/measures/fhir",
    response={200: dict, **responses(401, 404, 422)},
    summary="Measures as a FHIR R4 bundle (clinician)",
    openapi_extra={"responses": {200: {"content": {fhir.CONTENT_TYPE: {"schema": {"type": "object"}}}}}},
)
def clinician_measures_fhir(request: AuthedRequest, episode_id: int = Path(..., ge=1, le=MAX_ID)) -> HttpResponse:
    """A FHIR R4 Bundle (collection, application/fhir+json): one Questionnaire per instrument used, a
    QuestionnaireResponse per result and an Observation per score, for each partner who shares their
    scores with you, each partner as a Patient with a pseudonymous identifier only. The episode's
    clinician only; each partner's read is written to the access log they see."""
    bundle = fhir.measures_bundle(request.user, episode_id)
    response = HttpResponse(fhir.as_json(bundle), content_type=fhir.CONTENT_TYPE)
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/care/{episode_id}/report",
    response={200: ProgressReportOut, **responses(401, 404, 422)},
    summary="Your progress report",
)
def partner_report(request: AuthedRequest, episode_id: int = Path(..., ge=1, le=MAX_ID)) -> ProgressReportOut:
    """Your own results, and your partner's only where you can already see them (after you have
    both answered in the same round; never private scales). The PDF is at /care/{episode_id}/report.pdf."""
    return report_out(data.partner_report(request.user, episode_id))
