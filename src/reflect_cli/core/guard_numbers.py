"""More of what the identifier guard (guard.py) finds where a text holds a digit: street and
postal addresses, UK postcodes, passport numbers, UK National Insurance numbers and Nigerian
NINs. Pure and stdlib only; `find(text)` gives `(kind, start, end)` for guard.find to report.

What counts, and what does not:

- an address is a house, flat, plot or stand number (or a P.O. Box) with its street and the town
  after a comma ("14 Moi Avenue, Kisumu", "Flat 3, 22 Station Road", "Plot 45, Kampala Road",
  "Stand 2234, Glen View 3", "1407 Section K, Umlazi"). The street's words have their capitals
  ("14 Ward Road"), or, in lower case, follow a word such as "lives at" or "address" and end in
  a word that names a street even in lower case ("lives at 14 moi avenue"): "3 Road traffic
  accidents", "2 sons close by", "bed 14", "Ward 7" and a street without a number do not count;
- a postcode has a real UK postcode area and the shape of one, outward and inward code ("SW1A
  1AA", "m14 5rl"); "T2 DM", "GCS 15", "G6PD" do not, nor "m1 1st"; written in lower case with
  no space, only after the word "postcode";
- a passport number, an NI number after its word or a NIN counts only after the word that says
  what it is ("passport no. A1234567", "NI number QQ 12 34 56 C", "NIN 12345678901"); an NI
  number alone counts only with a prefix HMRC allocates ("AB 12 34 56 C", not "QQ…" or "GB…").
"""

from __future__ import annotations

import re

from reflect_cli.core import guard_patterns as p

# Lower-case words that say the words around them are no street's name ("3 houses down the
# road"), and capitalised ones that start a new phrase rather than name a town ("…, She said").
# fmt: off
_FUNCTION_WORDS = frozenset({
    "a", "an", "the", "of", "to", "at", "in", "on", "by", "from", "up", "down", "off", "along",
    "near", "past", "across", "behind", "beside", "opposite", "with", "and", "or", "but", "her",
    "his", "their", "my", "our", "your", "its", "this", "that", "these", "those",
})
_NOT_TOWNS = frozenset({
    "The", "He", "She", "They", "We", "It", "His", "Her", "Their", "Its", "Our", "My", "Your",
    "But", "And", "Then", "So", "When", "While", "Which", "Who", "This", "That", "There",
    "After", "Before", "Because", "As", "If", "On", "In", "At", "Not", "No", "Yes", "Also",
    "Although", "Though", "However", "Or", "For", "With", "Without", "From", "To", "By", "Of",
    "Is", "Was", "Were", "Had", "Has", "Have", "Did", "Do", "Does",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
})
# A court of law is no street: "2 Crown Court hearings".
_LAW_COURTS = frozenset({
    "crown", "county", "magistrates", "magistrates'", "coroner's", "coroners", "high", "family",
    "supreme", "children's", "youth", "appeal", "district", "sheriff", "labour", "industrial",
})
# fmt: on


def find(text: str) -> list[tuple[str, int, int]]:
    """`(kind, start, end)` of each address, postcode, passport, NI number and NIN in `text`."""
    return [*addresses(text), *postcodes(text), *passports(text), *ni_numbers(text), *nins(text)]


def addresses(text: str) -> list[tuple[str, int, int]]:
    found = [
        ("address", m.start(), _town_end(text, m.end()))
        for m in p.STREET.finditer(text)
        if _is_a_street(text, m)
    ]
    found += [
        ("address", m.start(), _town_end(text, m.end())) for m in p.UNIT_BUILDING.finditer(text)
    ]
    for pattern in (p.LAND_UNIT, p.TOWNSHIP):  # "Stand 2234, Glen View 3": only with the place
        for m in pattern.finditer(text):
            end = _town_end(text, m.end())
            if end > m.end():
                found.append(("address", m.start(), end))
    found += [
        ("address", m.start(), _town_end(text, m.end(), comma=False))
        for m in p.PO_BOX.finditer(text)
    ]
    return found


def _is_a_street(text: str, m: re.Match[str]) -> bool:
    words, street, start = m.group("words").split(), m.group("street"), m.start()
    if street[0].islower() and street not in p.STREET_WORDS_IN_LOWER_CASE:
        return False
    if not m.group("unit") and p.NOT_ADDRESS_BEFORE.search(text, max(0, start - 24), start):
        return False  # "bed 14 …", "Ward 7 …"
    house = m.group("house") or ""
    if p.YEAR.fullmatch(house.strip()) and p.YEAR_BEFORE.search(text, max(0, start - 12), start):
        return False  # "In 2019 Station Road was closed"
    if street.lower() == "court" and words[-1].lower() in _LAW_COURTS:
        return False
    if all(word[0].isupper() for word in words):
        return True
    # in lower case only where the sentence says it is an address ("lives at", "Flat 3, …")
    cue = m.group("unit") or p.ADDRESS_CUE.search(text, max(0, start - 50), start)
    return (
        bool(cue)
        and street.lower() in p.STREET_WORDS_IN_LOWER_CASE
        and not any(word.lower() in _FUNCTION_WORDS for word in words)
    )


def _town_end(text: str, end: int, comma: bool = True) -> int:
    """Where an address ends with the town, estate or district after it ("…, Kisumu", "…,
    Dublin 2"), up to a word that starts a new phrase; `end` if there is none."""
    m = p.TOWN.match(text, end)
    if not m or (comma and not m.group("comma")):
        return end
    words = m.group("words").split()
    kept = 0
    while kept < len(words) and words[kept] not in _NOT_TOWNS:
        kept += 1
    if kept == len(words):
        return m.end()
    position = m.start("words")
    for word in words[:kept]:
        position = text.index(word, position) + len(word)
    return position if kept else end


def postcodes(text: str) -> list[tuple[str, int, int]]:
    found = []
    for m in p.POSTCODE.finditer(text):
        if not m.group().isupper():  # "m14 5rl": not "m1 1st"; run together only after the word
            if m.group("inward")[1:] in p.NOT_INWARD:
                continue
            if not m.group("space") and not p.POSTCODE_CUE.search(
                text, max(0, m.start() - 30), m.start()
            ):
                continue
        found.append(("postcode", m.start(), m.end()))
    return found


def passports(text: str) -> list[tuple[str, int, int]]:
    return [("passport", m.start("value"), m.end("value")) for m in p.PASSPORT.finditer(text)]


def ni_numbers(text: str) -> list[tuple[str, int, int]]:
    found = [("ni_number", m.start("value"), m.end("value")) for m in p.NI_NUMBER.finditer(text)]
    for m in p.NINO.finditer(text):
        value = m.group("value")
        compact = "".join(value.split())
        if compact != value and not value.isupper():
            continue  # spaced out only in capitals: "on 12 34 56 a" is no NI number
        prefix = compact[:2].upper()
        if (
            prefix[0] in p.NINO_FIRST
            or prefix[1] in p.NINO_SECOND
            or prefix in p.NINO_NOT_ALLOCATED
        ):
            continue
        found.append(("ni_number", m.start("value"), m.end("value")))
    return found


def nins(text: str) -> list[tuple[str, int, int]]:
    return [("nin", m.start("value"), m.end("value")) for m in p.NIN.finditer(text)]
