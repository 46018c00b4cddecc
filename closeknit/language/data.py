"""Readers for the training and dev data (used by train.py, evaluate.py and the tests only).

The product never reads these files: it loads the trained artifacts. Data lives outside the
repository, in the folder that $CLOSEKNIT_DATA names (or `--data DIR` on the commands that read
it; the README lists where each public set comes from), and construct-tracker's Reddit set in a
local cache that `python -m closeknit.language.train --fetch` fills with `pip download --no-deps`.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONSTRUCT_TRACKER = "construct-tracker==1.0.16"
# The wheel's 1,040-post train file is a Git LFS pointer; its 260-post file is real, so we split
# that one ourselves (half to train, half to dev, by a hash of the text).
_CT_FILES = (
    "construct_tracker/data/datasets/reddit_27_subreddits/rmhd_27subreddits_260posts_test.csv",
    "construct_tracker/data/datasets/rally_point_reddit_mental_health/rallypoint_reddit_mentalhealth_train_3632.csv",
    "construct_tracker/data/datasets/rally_point_reddit_mental_health/rallypoint_reddit_mentalhealth_test_908.csv",
)

# Subreddits of construct-tracker's set with no mental-health focus (Low et al. 2020 used divorce
# among their controls too): "everyday" long-form writing. r/divorce is the closest to what people
# write in a couples app, so a safety net that cries wolf there cries wolf for our users.
CONTROL_SUBREDDITS = (
    "conspiracy",
    "divorce",
    "guns",
    "legaladvice",
    "mindfulness",
    "personalfinance",
    "teaching",
    "UKPersonalFinance",
    "ukpolitics",
    "unitedkingdom",
)


def data_dir() -> Path:
    """The data folder: $CLOSEKNIT_DATA. Unset, a path that does not exist, so readers fail and
    tests skip with a message naming the variable instead of guessing a machine path."""
    return Path(os.environ.get("CLOSEKNIT_DATA") or "CLOSEKNIT_DATA-is-not-set")


def use_data_dir(path: str | os.PathLike[str] | None) -> None:
    """What `--data DIR` does: point every reader here at DIR for the rest of the process."""
    if path:
        os.environ["CLOSEKNIT_DATA"] = str(Path(path).resolve())


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.environ.get("CLOSEKNIT_LANGUAGE_CACHE", Path(base) / "closeknit-language"))


# --- GoEmotions -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Comment:
    text: str
    labels: tuple[str, ...]
    id: str


def goemotions(scheme: str, split: str) -> list[Comment]:
    """scheme: original | group | ekman; split: train | dev. Label ids resolved to names."""
    folder = data_dir() / "goemotions" / scheme
    names = (folder / "labels.txt").read_text().split()
    out = []
    with (folder / f"{split}.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            text, ids, cid = line.rstrip("\n").split("\t")
            out.append(Comment(text=text, labels=tuple(names[int(i)] for i in ids.split(",")), id=cid))
    return out


def valence(labels: tuple[str, ...]) -> str | None:
    """GoEmotions group labels -> negative / neutral / positive, or None when truly mixed.

    "ambiguous" (surprise, realization, confusion, curiosity) carries no clear valence, so it
    counts as neutral alone and yields to a clear valence beside it. A comment that annotators
    marked both positive and negative has no single answer; training skips it and evaluation
    scores it against "negative" (the label a safety-minded product would rather not miss).
    """
    s = set(labels) - {"ambiguous"}
    if {"positive", "negative"} <= s:
        return None
    if "positive" in s:
        return "positive"
    if "negative" in s:
        return "negative"
    return "neutral"


# --- Stanford Politeness (Wikipedia requests) --------------------------------------------------
@dataclass(frozen=True)
class Request:
    id: int
    text: str
    score: float  # normalized politeness; low = impolite


def politeness() -> list[Request]:
    path = data_dir() / "politeness" / "wikipedia.annotated.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    # Some requests were rated by 10 people, not 5: the normalized score is always the last column.
    return [Request(id=int(r[1]), text=_unescape(r[2]), score=float(r[-1])) for r in rows]


def politeness_split(requests: list[Request]) -> tuple[list[Request], list[Request]]:
    """A fixed split by id (every 5th id-bucket held out): reproducible without a random seed."""
    train = [r for r in requests if r.id % 5 != 0]
    held = [r for r in requests if r.id % 5 == 0]
    return train, held


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#58", ":")
        .replace("&#44", ",")
        .replace("&#34", '"')
        .replace("&amp;", "&")
    )


# --- CounselChat: questions people asked licensed therapists ---------------------------------------
# The couple topics: what people write in a couples app when nothing is a crisis. Family conflict,
# parenting and the rest are other subjects; domestic violence and self-harm are crises by topic.
COUNSEL_RELATIONSHIP_TOPICS = ("relationships", "intimacy", "marriage", "relationship-dissolution")
COUNSEL_CRISIS_TOPICS = ("domestic-violence", "self-harm")
# A word screen written for this split, NOT the product's lexicon (the net must not grade itself):
# a question it flags may be a crisis, so it never trains as a negative. Among the couple topics a
# person read each flagged question; the ids that disclose suicide, self-harm, or abuse, threats or
# violence in the relationship are in evaldata/counsel_crisis_ids.txt (ids only, never text) and
# are left out of the false-alarm rate. The flagged rest ("it kills me", "a dead giveaway") stay in.
COUNSEL_SCREEN = re.compile(
    r"suicid|\bkill|\bdie\b|\bdying\b|\bdead\b|self[- ]?harm|\bcut(ting)? (myself|my)|\bhurt(ing)? (myself|me)\b|"
    r"\babus|\bhit(s|ting)? me\b|\bbeat(s|ing)? (me|him|her)\b|\brape|\bassault|\bmolest|\bviolen|\bthreat|"
    r"\bchok|\bstrangl|\bslap|\bpunch|\bweapon|\bgun\b|\bknife|\bpolice|for my (life|safety)|\bunsafe\b",
    re.I,
)
COUNSEL_CRISIS_IDS = Path(__file__).resolve().parent / "evaldata" / "counsel_crisis_ids.txt"


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    text: str  # title, a new line, then the question

    @property
    def split(self) -> str:
        """dev (tuned on, and the only part the crisis model trains on) or held-out (reported once)."""
        return "dev" if zlib.crc32(self.id.encode()) % 2 == 0 else "held-out"

    @property
    def screened(self) -> bool:
        return self.topic in COUNSEL_CRISIS_TOPICS or bool(COUNSEL_SCREEN.search(self.text))


def counselchat() -> list[Question] | None:
    """All questions, or None when the data folder has no counselchat/ (Bertagnolli 2020)."""
    path = data_dir() / "counselchat" / "train_questions.csv"
    if not path.exists():
        return None
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Question(id=r["questionID"], topic=r["topic"], text=f"{r['questionTitle']}\n{r['questionText']}")
            for r in csv.DictReader(fh)
        ]


def counsel_relationship_calm(split: str) -> list[Question] | None:
    """Couple-topic questions with no crisis in them (see COUNSEL_SCREEN) for one split."""
    questions = counselchat()
    if questions is None:
        return None
    crisis_ids = {w for w in COUNSEL_CRISIS_IDS.read_text(encoding="utf-8").split() if w.isdigit()}
    return [
        q
        for q in questions
        if q.split == split
        and q.topic in COUNSEL_RELATIONSHIP_TOPICS
        and q.id not in crisis_ids
        and q.topic not in COUNSEL_CRISIS_TOPICS
    ]


# --- construct-tracker's Reddit mental-health set ----------------------------------------------
@dataclass(frozen=True)
class Post:
    subreddit: str
    text: str


def fetch_construct_tracker() -> Path:
    """Download the wheel (no dependencies, never installed) and unpack only its Reddit data files.

    The exact command: python -m pip download --no-deps construct-tracker==1.0.16 -d <cache>/wheel
    """
    target = cache_dir() / "construct-tracker"
    if all((target / f).exists() for f in _CT_FILES):
        return target
    wheel_dir = cache_dir() / "wheel"
    wheel_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-m", "pip", "download", "--no-deps", CONSTRUCT_TRACKER, "-d", str(wheel_dir)],
        check=True,
    )
    wheel = next(wheel_dir.glob("construct_tracker-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        for name in _CT_FILES:
            zf.extract(name, target)
    return target


def reddit_posts(split: str) -> list[Post] | None:
    """split: train | dev (about 130 posts per subreddit each); None if not fetched yet."""
    path = cache_dir() / "construct-tracker" / _CT_FILES[0]
    if not path.exists():
        return None
    csv.field_size_limit(1 << 24)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [Post(subreddit=r["subreddit"], text=r["post"]) for r in csv.DictReader(fh)]
    want = 0 if split == "train" else 1
    return [p for p in rows if zlib.crc32(p.text.encode()) % 2 == want]


def stb_posts(split: str) -> list[Post] | None:
    """RallyPoint forum posts annotated for suicidal thoughts and behaviours (construct-tracker).

    split: train | dev (the package's own test file). subreddit is "stb" (label 1) or "no-stb".
    Only the RallyPoint rows: the Reddit rows of this set are labelled by forum, not by content.
    """
    name = _CT_FILES[1] if split == "train" else _CT_FILES[2]
    path = cache_dir() / "construct-tracker" / name
    if not path.exists():
        return None
    csv.field_size_limit(1 << 24)
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Post(subreddit="stb" if float(r["label"]) == 1.0 else "no-stb", text=r["doc"])
            for r in csv.DictReader(fh)
            if r["source"].startswith("rallypoint")
        ]
