"""`lang_attr`: the words' own language first, then the writer's setting, then nothing (the page's)."""

from __future__ import annotations

from django.template import Context, Template

from closeknit.webapp.templatetags.written import lang_attr, lang_of


def test_the_text_decides_when_it_says_enough():
    assert lang_attr("You held my hand on the walk home.", "es") == ' lang="en"'
    assert lang_attr("Gracias por esperarme despierta anoche.", "en") == ' lang="es"'


def test_a_short_text_follows_the_writer_and_with_no_writer_the_page():
    assert lang_attr("ok", "es-mx") == ' lang="es"'
    assert lang_attr("ok", "en") == ' lang="en"'
    assert lang_attr("ok") == "" and lang_of(None) == ""


def test_it_is_a_builtin_and_its_output_is_one_attribute():
    html = Template("<p{{ t|lang_attr:who }}>{{ t }}</p>").render(Context({"t": "I want to go <home>", "who": "es"}))
    assert html == '<p lang="en">I want to go &lt;home&gt;</p>'
