"""The identifier guard: what in a piece of text could identify a person.

Pure and stdlib only. `find(text, names)` returns the findings, in order and never overlapping;
`redact(text, findings)` puts a placeholder such as `[phone]` in place of each.

Precision matters as much as recall: a reflection is full of numbers ("3 of 6", "500 mg",
"08:30", "GCS 15", "BP 120/80") that identify nobody, and a guard that cries wolf is switched off.
So:

- numbers with a check digit (NHS, CHI, South African ID) count only when the check digit is
  right; NHS numbers in the 999 test range, never issued, do not count;
- numbers without one (a Kenyan ID, a record or bed number) count only right after a word that
  says what they are ("ID no.", "MRN", "IP no.", "bed"); a room ("room 3", "side room 2") does
  not count: it names a place that many people pass through, a bed a person at a time;
- phone numbers count only in the shapes the numbering plans give them (Kenya, South Africa and
  the UK at home, and any number written with a `+` country code); freephone numbers do not;
- a date counts when it names a day ("12/03/2024", "2024-03-12", "12 March", "March 12th, 2024");
  a month and year ("March 2024"), a year ("in 2019"), a day and month in figures ("12/03", too
  like "3/7" or "GCS 12/15") and "APGAR 7/9/10" do not; after "DOB" or "born" it is a date of
  birth;
- an age counts when it is exact ("67-year-old", "67 yo", "aged 67", "M 67 yrs"), not a length
  of time ("for 10 years", "qualified 5 yrs", "2 yrs ago") or an average ("average age 70");
- an address counts with its house, flat, plot or stand number or P.O. Box ("14 Moi Avenue,
  Kisumu", "Flat 3, 22 Station Road", "Plot 45, Kampala Road"), its street's words capitalised
  or, in lower case, after "lives at" or "address"; "3 Road traffic accidents", "2 sons close
  by", "Ward 7", "bed 14" and a street without a number ("Moi Avenue was blocked") do not;
- a UK postcode counts in the shape of one with a real postcode area ("SW1A 1AA", "m14 5rl");
  "T2 DM", "GCS 15" and "G6PD" do not;
- a passport number, a Nigerian NIN (11 digits) and a record number count only after the word
  that says what they are ("passport no. A1234567", "NIN 12345678901", "hospital number
  K1234567", "file number is 00345/22", "patient ID 004512"; a record number has three digits
  or more); a UK National Insurance number after its word, or alone with a prefix HMRC
  allocates ("AB 12 34 56 C"); see guard_numbers.py;
- a name counts after a title ("Mrs Achieng", "Dr O'Neil"), not a role ("Dr on call", "Nurse
  Practitioner") and not an initial ("Mr A", "Mrs X" are how people anonymise); and any name or
  place the user lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from reflect_cli.core import guard_name_words, guard_names, guard_numbers
from reflect_cli.core import guard_patterns as p

# kind -> (label, placeholder, suggestion). The label is what a person reads in a warning.
_NUMBER_ADVICE = "leave the number out; it is not needed for the learning"
_NAME_ADVICE = "'the patient', 'a colleague' or 'the ward' instead of the name"
_AGE_ADVICE = "a life stage instead, e.g. 'an older man', 'a teenager'"
_DATE_ADVICE = "the month, or 'recently', instead of the exact date"
KINDS: dict[str, tuple[str, str, str]] = {
    "nhs_number": ("NHS number", "[NHS number]", _NUMBER_ADVICE),
    "chi_number": ("CHI number", "[CHI number]", _NUMBER_ADVICE),
    "za_id": ("South African ID number", "[ID number]", _NUMBER_ADVICE),
    "ke_id": ("national ID number", "[ID number]", _NUMBER_ADVICE),
    "kra_pin": ("KRA PIN", "[KRA PIN]", _NUMBER_ADVICE),
    "email": ("email address", "[email]", "leave it out; it is not needed for the learning"),
    "phone": ("phone number", "[phone]", "leave it out; it is not needed for the learning"),
    "record_number": ("record or bed number", "[record no.]", _NUMBER_ADVICE),
    "address": ("address", "[address]", "the town, or 'at home', instead of the address"),
    "postcode": ("postcode", "[postcode]", "the town or area instead of the postcode"),
    "passport": ("passport number", "[passport no.]", _NUMBER_ADVICE),
    "ni_number": ("National Insurance number", "[NI number]", _NUMBER_ADVICE),
    "nin": ("NIN (Nigerian ID number)", "[NIN]", _NUMBER_ADVICE),
    "date_of_birth": ("date of birth", "[date of birth]", "leave it out; a life stage is enough"),
    "date": ("exact date", "[date]", _DATE_ADVICE),
    "age": ("exact age", "[age]", _AGE_ADVICE),
    "title_name": ("name", "[name]", _NAME_ADVICE),
    "name": ("name", "[name]", _NAME_ADVICE),
    "listed_name": ("name from your list", "[name]", _NAME_ADVICE),
}
# When two findings cover exactly the same text, the one earlier here wins. A phone number wins
# over a CHI number: "0712345671" is a Kenyan mobile shape that also passes the CHI checks.
_PRIORITY = {
    kind: index
    for index, kind in enumerate(
        (
            "nhs_number",
            "za_id",
            "kra_pin",
            "email",
            "nin",
            "ni_number",
            "passport",
            "phone",
            "chi_number",
            "record_number",
            "ke_id",
            "postcode",
            "address",
            "date_of_birth",
            "date",
            "age",
            "title_name",
            "listed_name",
            "name",
        )
    )
}


@dataclass(frozen=True)
class Finding:
    """One thing that could identify someone: `text[start:end]`, with what to do about it."""

    kind: str
    start: int
    end: int
    text: str
    placeholder: str
    suggestion: str

    @property
    def label(self) -> str:
        return KINDS[self.kind][0]


def _finding(kind: str, text: str, start: int, end: int, placeholder: str | None = None) -> Finding:
    _, default_placeholder, suggestion = KINDS[kind]
    return Finding(
        kind, start, end, text[start:end], placeholder or default_placeholder, suggestion
    )


# -- check digits and dates -----------------------------------------------------------------


def nhs_check_ok(digits: str) -> bool:
    """Modulus 11 (NHS and CHI): weights 10..2 over the first nine digits; 11 means 0 and a
    remainder giving 10 is never issued."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        n = int(char)
        if index % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _real_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _yymmdd(yy: str, mm: str, dd: str) -> bool:
    """A real day in either century (so 29 February counts when either century allows it)."""
    return any(_real_day(century + int(yy), int(mm), int(dd)) for century in (1900, 2000))


# -- finding ------------------------------------------------------------------------------------


class Words(NamedTuple):
    """The user's own lists, from `[guard]` in the settings: `names` (and places: their ward,
    facility, colleagues) to warn about as whole words whatever their case, and `allow`: words
    that are not names for them ("Grace Ward"), never read as a name without a title."""

    names: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()


def words_of(lists: Iterable[str] | Words) -> Words:
    """`lists` as Words: a plain list of names is the user's names, with nothing allowed."""
    return lists if isinstance(lists, Words) else Words(tuple(lists))


def find(text: str, names: Iterable[str] | Words = ()) -> list[Finding]:
    """Everything in `text` that could identify a person, in order, never overlapping.
    `names`: the user's own lists (Words), or just the names to warn about."""
    if not text:
        return []
    words = words_of(names)
    found: list[Finding] = []
    if "@" in text:
        found += [_finding("email", text, m.start(), m.end()) for m in p.EMAIL.finditer(text)]
    if p.DIGIT.search(text):  # every other pattern but names needs a digit
        found += _numbers_with_check_digits(text)
        found += [_finding("kra_pin", text, m.start(), m.end()) for m in p.KRA_PIN.finditer(text)]
        found += _phones(text)
        for m in p.RECORD.finditer(text):
            bed = m.group("context").lower().startswith("bed")
            if (bed and m.group("gap").strip(" :#.=-")) or (not bed and _few_digits(m)):
                continue  # "bed, 2 nurses"; "patient number 2"
            found.append(_with_its_word("record_number", text, m, "[number]" if bed else None))
        found += [_finding(kind, text, s, e) for kind, s, e in guard_numbers.find(text)]
        found += [_with_its_word("ke_id", text, m) for m in p.KE_ID.finditer(text)]
        found += _dates(text)
        found += _ages(text)
    found += _title_names(text)
    found += [_finding("name", text, s, e) for s, e in guard_names.find(text, words.allow)]
    found += listed_names(text, words.names)
    return _without_overlaps(found)


def _with_its_word(
    kind: str, text: str, m: re.Match[str], placeholder: str | None = None
) -> Finding:
    """A number with the word before it that says what it is ('Bed 4', 'MRN: 123456'): a bare
    '4' says nothing. Its placeholder keeps that word as written ('Bed [number]')."""
    word = text[m.start() : m.start("value")]
    return _finding(kind, text, m.start(), m.end("value"), word + (placeholder or KINDS[kind][1]))


def _few_digits(m: re.Match[str]) -> bool:
    return sum(c.isdigit() for c in m.group("value")) < 3


def redact(text: str, findings: Iterable[Finding]) -> str:
    """`text` with each finding replaced by its placeholder (findings from `find(text)`)."""
    out, last = [], 0
    for item in sorted(findings, key=lambda f: f.start):
        if item.start < last:
            continue
        out += [text[last : item.start], item.placeholder]
        last = item.end
    out.append(text[last:])
    return "".join(out)


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    """The longest finding wins where two overlap; on the very same text, the surer kind."""
    kept: list[Finding] = []
    for item in sorted(found, key=lambda f: (f.start - f.end, _PRIORITY[f.kind], f.start)):
        if all(item.end <= other.start or item.start >= other.end for other in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def _numbers_with_check_digits(text: str) -> list[Finding]:
    found = []
    for m in p.TEN_DIGITS.finditer(text):
        digits = _digits(m.group())
        if not nhs_check_ok(digits):
            continue
        if _yymmdd(digits[4:6], digits[2:4], digits[0:2]):  # DDMMYY: Scotland's CHI range
            found.append(_finding("chi_number", text, m.start(), m.end()))
        elif not digits.startswith("999"):  # 999 is the test range, never issued
            found.append(_finding("nhs_number", text, m.start(), m.end()))
    for m in p.THIRTEEN_DIGITS.finditer(text):
        digits = _digits(m.group())
        if (
            digits[10] in "012"
            and digits[11] in "89"
            and _yymmdd(digits[0:2], digits[2:4], digits[4:6])
            and luhn_ok(digits)
        ):
            found.append(_finding("za_id", text, m.start(), m.end()))
    return found


def _phones(text: str) -> list[Finding]:
    found = []
    for m in p.PHONE_INTERNATIONAL.finditer(text):
        digits = _digits(m.group().replace("(0)", ""))
        if digits.startswith("00"):
            digits = digits[2:]
        if 8 <= len(digits) <= 15:
            found.append(_finding("phone", text, *_balanced(text, *m.span())))
    for m in p.PHONE_NATIONAL.finditer(text):
        digits = _digits(m.group())
        national = digits[:2] in p.NATIONAL_PREFIXES.get(len(digits), ())
        business = digits.startswith(p.NOT_A_PERSONS_NUMBER) and (
            len(digits) == 11 or digits.startswith("0800")
        )
        if national and not business:
            found.append(_finding("phone", text, *_balanced(text, *m.span())))
    return found


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a bracket it does not close or open: in '(020 7946 0958)' the number
    is '020 7946 0958', while '(0121) 496 0018' stays whole."""
    if text[start] == "(" and ")" not in text[start:end]:
        start += 1
    if text[end - 1] == ")" and text.count("(", start, end) < text.count(")", start, end):
        end -= 1
    return start, end


def _month_number(name: str) -> int:
    return p.MONTH_NUMBER[name[:3].lower()]


def _dates(text: str) -> list[Finding]:
    spans: list[tuple[int, int]] = []
    for m in p.DAY_MONTH.finditer(text):
        month = m.group("month")
        if not m.group("year") and not month[0].isupper():
            continue  # "3 may be" is not a date; "3 May" is
        if _real_day(int(m.group("year") or 2000), _month_number(month), int(m.group("day"))):
            spans.append(m.span())
    for m in p.MONTH_DAY.finditer(text):
        if not (m.group("year") or m.group("ordinal")):
            continue
        month = _month_number(m.group("month"))
        if _real_day(int(m.group("year") or 2000), month, int(m.group("day"))):
            spans.append(m.span())
    for m in p.NUMERIC_DATE.finditer(text):
        a, b, year = int(m.group("a")), int(m.group("b")), m.group("year")
        if len(year) == 2 and m.group("sep") == ".":
            continue  # "1.2.10" is more often a version or a list number than a day
        if p.NOT_A_DATE_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            continue  # "APGAR 7/9/10"
        full_year = int(year) if len(year) == 4 else 2000 + int(year)
        if len(year) == 4 and not 1900 <= full_year <= 2099:
            continue
        if _real_day(full_year, b, a) or _real_day(full_year, a, b):  # day first, or month first
            spans.append(m.span())
    for m in p.ISO_DATE.finditer(text):
        if _real_day(int(m.group("year")), int(m.group("month")), int(m.group("day"))):
            spans.append(m.span())
    found = []
    for start, end in spans:
        if p.DEADLINE_BEFORE.search(text, max(0, start - 16), start):
            continue  # "(by 12 March)": when an action is due, not who someone is
        birth = p.BIRTH_CONTEXT.search(text, max(0, start - 24), start)
        found.append(_finding("date_of_birth" if birth else "date", text, start, end))
    found += [
        _finding("date_of_birth", text, m.start("value"), m.end("value"))
        for m in p.BIRTH_YEAR.finditer(text)
    ]
    return found


def _ages(text: str) -> list[Finding]:
    found = []
    for m in p.AGE.finditer(text):
        if int(m.group("number")) > 130:
            continue
        if m.group("yrs") and not _yrs_is_an_age(text, m.start(), m.end()):
            continue
        found.append(_finding("age", text, m.start(), m.end()))
    for m in p.AGED.finditer(text):
        if int(m.group("number")) > 130 or p.NOT_AN_AGE_BEFORE.search(text, 0, m.start()):
            continue
        found.append(_finding("age", text, m.start(), m.end()))
    return found


def _yrs_is_an_age(text: str, start: int, end: int) -> bool:
    """'M 67 yrs', '67 yrs F', 'man 67yrs': an age; 'qualified 5 yrs', '2 yrs ago': a time."""
    before = text[max(0, start - 14) : start]
    if p.AGE_CUE_BEFORE.search(before) or p.AGE_CUE_AFTER.match(text, end):
        return True
    digits = len(text[start:end]) - len(text[start:end].lstrip("0123456789"))
    attached = not text[start + digits].isspace()
    return attached and not (p.DURATION_BEFORE.search(before) or p.DURATION_AFTER.match(text, end))


def _looks_like_name(word: str | None) -> bool:
    """A capitalised word of two letters or more ending in a small letter: 'Achieng', 'O'Neil',
    'McKenzie'; not 'A' or 'X' (how people anonymise), not 'ICU', not a role or a small word."""
    if not word or len(word) < 2 or not word[0].isupper() or not word[-1].islower():
        return False
    return word.lower() not in p.NOT_NAMES


def _title_names(text: str) -> list[Finding]:
    if not p.MAYBE_TITLE.search(text):  # a quick look first: most texts hold no title at all
        return []
    found = []
    for m in p.TITLE_NAME.finditer(text):
        if not _looks_like_name(m.group("first")):
            continue
        end = m.end("second") if _looks_like_name(m.group("second")) else m.end("first")
        if text[end - 2 : end] in ("'s", "\u2019s"):  # "Mrs Achieng's daughter": keep the 's
            end -= 2
        after = text[end:].split(None, 1)
        if after and after[0].strip(".,;:").lower() in guard_name_words.THINGS:
            continue  # "Mama Lucy Kibaki Hospital", "Sister Grace Ward"
        found.append(_finding("title_name", text, m.start(), end))
    return found


def listed_names(text: str, names: Iterable[str]) -> list[Finding]:
    """Only the user's own listed names and places in `text`, as whole words in any case."""
    words = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
    if not words:
        return []
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return [_finding("listed_name", text, m.start(), m.end()) for m in pattern.finditer(text)]
