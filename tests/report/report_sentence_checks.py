"""Reading the report's sentences back: every comparison must agree with the numbers printed beside it.

The report writes its comparisons in a few fixed forms; these helpers parse
the printed numbers back and check the relation each word claims:

- ``"VALUE (D more|less|fewer than WHOSE OTHER)"`` and ``"VALUE (the same as WHOSE OTHER)"``: VALUE - OTHER = +-D;
- ``"+D [LOW, HIGH], higher|lower|no clear difference"``: the verdict follows from where the interval lies;
- ``"V against T, met|missed"``: met exactly when V >= T;
- ``"reaches down to V, below the target of T"``: V < T.

Then the words that sum a sentence up must agree with those phrases:
``cheaper`` needs a cost that is less, ``pays for itself`` a cost that is
more and a profit difference that is higher, ``serves better|worse|as
well`` a margin that is more, less or the same. Every ``than``, ``higher``
and ``lower`` of a sentence must belong to one of the checked phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER = r"[+-]?\d[\d,]*(?:\.\d+)?"
UNIT = r"(?:%| points| people| person| hours| [A-Z]{3}| min)?"
VERSUS = re.compile(rf"(?P<v>{NUMBER})(?P<unit>{UNIT}) \((?:(?P<d>{NUMBER}){UNIT} (?P<word>more|less|fewer) than|"
                    rf"the same as) (?P<whose>[^()]*?) (?P<x>{NUMBER}){UNIT}\)")
PAIRED = re.compile(rf"(?P<d>{NUMBER}){UNIT} \[(?P<lo>{NUMBER}), (?P<hi>{NUMBER})\], "
                    r"(?P<verdict>higher|lower|no clear difference)")
AGAINST = re.compile(rf"(?P<v>{NUMBER})%? against (?P<t>{NUMBER})%?, (?P<verdict>met|missed)")
BELOW = re.compile(rf"reaches down to (?P<v>{NUMBER})%, below the target of (?P<t>{NUMBER})%")


def number(text: str) -> float:
    return float(text.replace(",", ""))


@dataclass
class Versus:
    value: float
    other: float
    word: str  # "more", "less", "fewer" or "same"
    kind: str  # "money", "people", "points", "share"
    whose: str


def _kind(unit: str) -> str:
    if unit in (" people", " person"):
        return "people"
    if unit == " points":
        return "points"
    if unit == "%":
        return "share"
    return "money"  # a currency or hours


def check_sentence(sentence: str) -> list[Versus]:
    """Assert every comparison of ``sentence`` agrees with its numbers; return its VALUE (D ... than OTHER) phrases."""
    versus = []
    for m in VERSUS.finditer(sentence):
        value, other = number(m["v"]), number(m["x"])
        if m["word"] is None:
            assert value == other, sentence
            word = "same"
        else:
            gap = number(m["d"])
            assert gap > 0, sentence
            signed = gap if m["word"] == "more" else -gap
            assert round(value - other, 6) == round(signed, 6), sentence
            word = m["word"]
        versus.append(Versus(value, other, word, _kind(m["unit"]), m["whose"]))
    paired = list(PAIRED.finditer(sentence))
    for m in paired:
        difference, low, high = number(m["d"]), number(m["lo"]), number(m["hi"])
        assert low <= difference <= high, sentence
        expected = "higher" if low > 0 else "lower" if high < 0 else "no clear difference"
        assert m["verdict"] == expected, sentence
    for m in AGAINST.finditer(sentence):
        assert (number(m["v"]) >= number(m["t"])) == (m["verdict"] == "met"), sentence
    for m in BELOW.finditer(sentence):
        assert number(m["v"]) < number(m["t"]), sentence
    # no comparison word outside a checked phrase
    assert sentence.count(" than ") == sum(v.word != "same" for v in versus), sentence
    directions = len(re.findall(r"\b(?:higher|lower)\b", sentence))
    assert directions == sum(m["verdict"] != "no clear difference" for m in paired), sentence
    # the words that sum the sentence up agree with its phrases
    money = [v for v in versus if v.kind == "money"]
    if re.search(r"\bno cheaper\b", sentence):
        assert money and all(v.word != "less" for v in money), sentence
    elif "cheaper" in sentence:
        assert any(v.word == "less" for v in money), sentence
    if "dearer" in sentence:
        assert any(v.word == "more" for v in money), sentence
    if "pays for itself" in sentence or "pay for themselves" in sentence:
        assert any(v.word == "more" for v in money), sentence
        assert any(m["verdict"] == "higher" for m in paired), sentence
    margins = [v for v in versus if v.kind == "points"]
    for word, relation in (("better", "more"), ("worse", "less"), ("as well", "same")):
        if f"serves {word}" in sentence:
            assert any(v.word == relation for v in margins), sentence
    return versus


def check_findings(sentences) -> int:
    """Check every sentence; the number of comparisons checked."""
    checked = 0
    for sentence in sentences:
        before = len(VERSUS.findall(sentence)) + len(PAIRED.findall(sentence)) + len(AGAINST.findall(sentence))
        check_sentence(sentence)
        checked += before
    return checked
