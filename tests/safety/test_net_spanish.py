"""The safety net on Spanish words, through the real net and the real check-in write paths (the service
the web form and the offline outbox use, and the API): help is shown to the author, the kind of help is
right, and idioms and denials raise nothing."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from closeknit.checkins import services as checkins
from closeknit.checkins.models import CheckIn
from closeknit.safety import net
from tests.api.conftest import Api, headless_token

pytestmark = pytest.mark.django_db

CRISIS = [{"kind": "crisis", "level": "urgent"}]
VIOLENCE = [{"kind": "violence", "level": "urgent"}]


@pytest.mark.parametrize(
    ("text", "support"),
    [
        ("Ya no quiero vivir, nada tiene sentido.", CRISIS),
        ("Volví a cortarme los brazos anoche.", CRISIS),
        ("Mi esposo me pegó otra vez y tengo miedo.", VIOLENCE),
        ("No me deja ver a mis amigas y revisa mi celular.", VIOLENCE),
        ("No quiero morir, solo quiero que esto mejore.", [{"kind": "crisis", "level": "gentle"}]),
        ("Me muero de risa con este video.", []),
        ("Me mata el tráfico de los lunes.", []),
        ("Mi esposo no me pega, solo es muy serio.", []),
    ],
)
def test_the_net_reads_spanish(text, support):
    assert net.check([text], language="es")[0] == support
    assert net.check([text], language="en")[0] == support  # a setting still on English changes nothing here


def test_a_spanish_disclosure_about_me_withholds_joint_conflict_work():
    assert net.assess(["Mi novio me amenaza con quitarme a los niños."])[2] is True
    assert net.assess(["El novio de mi hermana la golpea."])[2] is False


def test_a_spanish_check_in_keeps_help_for_its_author(couple, answers):
    couple.a.language = "es"
    couple.a.save()
    c = checkins.create_checkin(user=couple.a, answers=dict(answers, note="Me quiero morir."))
    assert CheckIn.objects.get(pk=c.pk).support == CRISIS
    calm = checkins.update_checkin(user=couple.a, checkin_id=c.pk, answers=dict(answers, note="Me muero de sueño."))
    assert CheckIn.objects.get(pk=calm.pk).support == []


def test_the_api_check_in_path_reads_spanish(couple, answers):
    api = Api(token=headless_token(couple.a))
    body = dict(answers, note="Mi pareja me golpea cuando se enoja.")
    response = api.client.post(
        "/api/checkins", data=json.dumps(body), content_type="application/json", headers={"X-Session-Token": api.token}
    )
    assert response.status_code in (200, 201), response.content
    assert CheckIn.objects.get(author=couple.a).support == VIOLENCE


def test_the_author_sees_the_card_and_the_spanish_988_line(couple, answers):
    couple.a.country = "US"
    couple.a.language = "es"
    couple.a.save()
    checkins.create_checkin(user=couple.a, answers=dict(answers, note="Ya no quiero vivir."))
    c = Client()
    c.force_login(couple.a)
    page = c.get("/").content.decode()
    assert 'id="support-card"' in page and "988 Lifeline en español" in page
