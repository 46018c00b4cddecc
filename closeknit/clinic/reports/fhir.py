"""An episode's measures as a FHIR R4 bundle, for the clinician's own health record system.

Built with fhir.resources' R4B models (8.x ships R5 at the top level and R4B beside it; R4B keeps R4's
shape for every resource used here), so every resource is validated as it is made: a bundle that
would not validate is never sent.

Who and what, the same rules as the clinician's progress report (closeknit.clinic.reports.data):
- the episode's clinician only (access.clinic.can_see_clinician_report);
- each partner's results only with that partner's live "scores" consent (`can_read`), and each such
  read is written to the access log the partner sees, in the same transaction as the read;
- a partner without that consent adds nothing: no Patient, no QuestionnaireResponse, no Observation.

What leaves: one Questionnaire per instrument used (our item text and answer options), one
QuestionnaireResponse per administration (which questionnaire, when, by whom: no item answers, since
the consent is to share scores and the product never shows a clinician item answers), one Observation
per score. Each partner is a Patient with a pseudonymous identifier only: no name, no email
(docs/decisions.md).
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from fhir.resources.R4B.annotation import Annotation
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.quantity import Quantity
from fhir.resources.R4B.questionnaire import Questionnaire, QuestionnaireItem, QuestionnaireItemAnswerOption
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.reference import Reference

from closeknit.access import clinic as rules
from closeknit.accounts.models import User
from closeknit.assessments import definitions
from closeknit.assessments.models import Administration
from closeknit.assessments.schema import OUR_LABEL, Instrument
from closeknit.clinic.models import Episode
from closeknit.core.errors import NotFound

CONTENT_TYPE = "application/fhir+json"
NOT_FOUND = "We could not find those measures."
# What the partner reads in their access log: "… read your assessment scores (saved a copy …)".
LOG_WHAT = "saved a copy to their own records"
BASE = "urn:closeknit"
PSEUDONYM_SYSTEM = f"{BASE}:patient-pseudonym"
UCUM = "http://unitsofmeasure.org"
SURVEY = Coding(system="http://terminology.hl7.org/CodeSystem/observation-category", code="survey", display="Survey")
NOT_VALIDATED = (
    f"This is a {OUR_LABEL}: no published norms or cutoffs back it, so read its "
    "numbers as a guide to change within this couple, not as a clinical measure."
)


def _digest(label: str) -> bytes:
    """Keyed, so an identifier says nothing about the row behind it and cannot be guessed from ids."""
    return hmac.new(settings.SECRET_KEY.encode(), label.encode(), hashlib.sha256).digest()


def _urn(label: str) -> str:
    return f"urn:uuid:{uuid.UUID(bytes=_digest(label)[:16], version=4)}"


def pseudonym(episode: Episode, person: User) -> str:
    """Stable for one partner in one episode, so repeated exports line up; different across episodes."""
    return _digest(f"patient:{episode.pk}:{person.pk}").hex()[:20]


def questionnaire_url(instrument: Instrument) -> str:
    return f"{BASE}:questionnaire:{instrument.slug}"


def _questionnaire(instrument: Instrument) -> Questionnaire:
    items = []
    for item in instrument.items:
        scale = item.scale
        if scale.discrete:
            options = [
                QuestionnaireItemAnswerOption(
                    valueCoding=Coding(system=f"{BASE}:scale:{scale.id}", code=f"{a.value:g}", display=a.text)
                )
                for a in scale.anchors
            ]
            items.append(
                QuestionnaireItem(linkId=item.id, prefix=str(item.number), text=item.text, type="choice",
                                  answerOption=options)
            )  # fmt: skip
        else:
            items.append(QuestionnaireItem(linkId=item.id, prefix=str(item.number), text=item.text, type="decimal"))
    ours, src = instrument.is_ours, instrument.source
    description = instrument.description.strip()
    if ours:
        description = f"{description}\n\n{NOT_VALIDATED}".strip()
    return Questionnaire(
        url=questionnaire_url(instrument), version=instrument.version,
        name="".join(w.capitalize() for w in instrument.slug.split("-")), title=instrument.title,
        status="draft" if ours else "active", subjectType=["Patient"],
        publisher="closeknit" if ours else (instrument.source.licence_holder if instrument.source else None),
        description=description,
        copyright=None if ours or src is None else f"{src.citation} {src.licence}",
        item=items,
    )  # fmt: skip


def _entry(full_url: str, resource) -> BundleEntry:
    return BundleEntry(fullUrl=full_url, resource=resource)


def _administrations(person: User, episode: Episode) -> list[Administration]:
    """Every result of this partner's from care (start to end), and their latest per instrument from
    before care began (the baseline, as in the progress report). Oldest first."""
    assert episode.couple_id is not None  # called only for the members of the episode's couple
    own = Administration.objects.filter(
        author=person, couple_id=episode.couple_id, status=Administration.Status.SUBMITTED
    )
    since = own.filter(submitted_at__gte=episode.started_at)
    if episode.ended_at:
        since = since.filter(submitted_at__lte=episode.ended_at)
    rows = list(since)
    before = own.filter(submitted_at__lt=episode.started_at)
    for slug in sorted(set(before.values_list("instrument", flat=True))):
        if (base := before.filter(instrument=slug).order_by("-submitted_at", "-pk").first()) is not None:
            rows.append(base)
    return sorted(rows, key=lambda a: (a.submitted_at, a.pk))


def _person_entries(
    person: User, episode: Episode, administrations: list[Administration], used: dict[str, Instrument]
) -> list[BundleEntry]:
    patient_url = _urn(f"patient:{episode.pk}:{person.pk}")
    out = [
        _entry(patient_url, Patient(identifier=[Identifier(system=PSEUDONYM_SYSTEM, value=pseudonym(episode, person))]))
    ]
    subject = Reference(reference=patient_url)
    for adm in administrations:
        try:
            instrument = definitions.get(adm.instrument)
        except definitions.UnknownInstrument:
            continue  # a definition removed from content: nothing can be described honestly
        used[instrument.slug] = instrument
        response_url = _urn(f"response:{adm.pk}")
        out.append(
            _entry(
                response_url,
                QuestionnaireResponse(
                    questionnaire=f"{questionnaire_url(instrument)}|{adm.version}", status="completed",
                    subject=subject, author=subject, source=subject, authored=adm.submitted_at,
                ),
            )
        )  # fmt: skip
        system = f"{BASE}:score:{instrument.slug}"
        for score in instrument.scores:
            value = adm.scores.get(score.key)
            if value is None:
                continue
            out.append(
                _entry(
                    _urn(f"observation:{adm.pk}:{score.key}"),
                    Observation(
                        status="final",
                        category=[CodeableConcept(coding=[SURVEY])],
                        code=CodeableConcept(
                            coding=[Coding(system=system, code=score.key, display=score.title)],
                            text=f"{instrument.title}: {score.title}",
                        ),
                        subject=subject, effectiveDateTime=adm.submitted_at,
                        valueQuantity=Quantity(
                            value=Decimal(str(round(float(value), 4))), unit="score", system=UCUM, code="{score}"
                        ),
                        derivedFrom=[Reference(reference=response_url)],
                        note=[Annotation(text=NOT_VALIDATED)] if instrument.is_ours else None,
                    ),
                )
            )  # fmt: skip
    return out


def measures_bundle(user: User, episode_id: int) -> Bundle:
    """The episode's clinician's export. Refusal and an unknown episode are the same NotFound."""
    from closeknit.couples import selectors as couples

    episode = Episode.objects.select_related("clinician__user").filter(pk=episode_id).first()
    if episode is None or not rules.can_see_clinician_report(user, episode):
        raise NotFound(NOT_FOUND)
    used: dict[str, Instrument] = {}
    people: list[BundleEntry] = []
    with transaction.atomic():
        for person in couples.members(episode.couple_id) if episode.couple_id else []:
            if not rules.can_read(user, person, episode, "scores"):
                continue
            administrations = _administrations(person, episode)
            people.extend(_person_entries(person, episode, administrations, used))
            rules.log_read(
                clinician_user=user, subject=person, episode=episode, category="scores",
                what=LOG_WHAT, items=len(administrations),
            )  # fmt: skip
    questionnaires = [_entry(_urn(f"questionnaire:{slug}"), _questionnaire(used[slug])) for slug in sorted(used)]
    return Bundle(
        type="collection", timestamp=timezone.now(), identifier=Identifier(system=f"{BASE}:export", value=_urn(
            f"export:{episode.pk}:{timezone.now().isoformat()}")), entry=questionnaires + people or None,
    )  # fmt: skip


def as_json(bundle: Bundle) -> str:
    return bundle.model_dump_json(exclude_none=True)
