"""How the matcher reads English: words, stems and the little words that say nothing on their own.

A deliberately small stemmer (enough that "fighting", "fights" and "fight" meet, no more), and
contractions split the way people type them, so "doesn't listen" meets "don't listen". Spanish has
its own rules beside this (closeknit/practices/spanish_words.py); closeknit/practices/matching.py
picks by the language of the text.
"""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    """a an the and or but i me my mine we us our you your they them their he him his she her it its is am
    are was were be been being to of in on at for with about that this these those so just do does did
    have has had very really all get got can will would could should what when how where who which like
    there as if from by into than then also some any one more even too much""".split()  # noqa: SIM905 (easier to edit)
)
IRREGULAR = {"won't": ["will", "not"], "can't": ["can", "not"], "cannot": ["can", "not"], "shan't": ["shall", "not"]}
# Words the suffix rules would merge with the wrong word, or miss.
EXCEPTIONS = {
    "feelings": "feelings",  # not "feel": "I feel" is in every sentence
    "lies": "lie",
    "lied": "lie",
    "lying": "lie",
    "children": "child",
    "people": "person",
    "heard": "hear",
    "felt": "feel",
    "fought": "fight",
    "spent": "spend",
    "bought": "buy",
    "kept": "keep",
    "left": "left",
    "always": "always",
    "nothing": "nothing",
    "something": "something",
    "during": "during",
    "less": "less",
    # negated auxiliaries meet their plain forms, so "doesn't listen" matches "don't listen"
    "does": "do",
    "doesn": "do",
    "did": "do",
    "didn": "do",
    "has": "have",
    "hasn": "have",
    "haven": "have",
    "had": "have",
    "hadn": "have",
    "isn": "is",
    "aren": "are",
    "wasn": "was",
    "weren": "were",
    "wouldn": "would",
    "couldn": "could",
    "shouldn": "should",
}
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_DOUBLE = re.compile(r"([b-df-hj-km-np-rtv-z])\1$")  # a doubled final consonant, except l, s (and z)


def stem(word: str) -> str:
    """A deliberately small stemmer: enough that "fighting", "fights" and "fight" meet, no more."""
    word = word.lower()
    if word in EXCEPTIONS:
        return EXCEPTIONS[word]
    if len(word) <= 3:
        return word
    for suffix, repl in (("iness", "y"), ("ies", "y"), ("ied", "y")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + repl
            break
    else:
        if word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    for suffix in ("ness", "ment", "ful", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if _DOUBLE.search(word) and not word.endswith("zz"):
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def tokens(text: str) -> list[tuple[str, str]]:
    """(stem, the word as the person wrote it) for each word; contractions become two words."""
    flat = text.replace("\u2019", "'").replace("\u2018", "'").replace("-", " ").replace("_", " ")
    lower = flat.lower()
    out: list[tuple[str, str]] = []
    for m in WORD.finditer(lower):
        w, original = m.group(), flat[m.start() : m.end()]
        if w in IRREGULAR:
            parts = IRREGULAR[w]
        elif w.endswith("n't"):
            parts = [w[:-3], "not"]
        elif "'" in w:
            parts = [w.split("'", 1)[0]]  # 're 've 'll 'd 'm 's add nothing here
        else:
            parts = [w]
        out.extend((stem(p), original) for p in parts)
    return out


def key(phrase: str) -> tuple[str, ...]:
    return tuple(s for s, _ in tokens(phrase))


# Say little about which practice fits: left out of the ranked score (phrases still use them).
GENERIC = frozenset(key("not no feel partner want know think go make thing say way he she him her time"))
