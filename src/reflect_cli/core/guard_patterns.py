"""The patterns the identifier guard (guard.py) looks for: numbers, phone numbers, record and
bed numbers, dates, ages and names after a title. Which of their matches count (check digits,
real days, a number's context) is guard.py's to decide.

Each pattern is compiled on first use (`_lazy`): compiling all of them costs more than a quick
entry may spend, and most texts (those without digits, say) never need most of them.
"""

from __future__ import annotations

import re


class _lazy:
    """A pattern compiled on first use, used as the compiled pattern would be."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, *args: object) -> None:
        self._args = args
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> object:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)  # type: ignore[call-overload]
        return getattr(self._compiled, name)


DIGIT = re.compile(r"\d")
_END = r"(?!\w|[.,:/-]\d)"  # not running on into a longer number, a decimal or a time
TEN_DIGITS = _lazy(r"(?<![\w+.,/-])(?:\d{3}[ -]?\d{3}[ -]?\d{4}|\d{6}[ -]\d{4})" + _END)
THIRTEEN_DIGITS = _lazy(r"(?<![\w+.,/-])\d{6}[ -]?\d{4}[ -]?\d{3}" + _END)
KRA_PIN = _lazy(r"(?<!\w)[AP]\d{9}[A-Z](?!\w)", re.IGNORECASE)
EMAIL = _lazy(
    r"(?<![\w.+-])[\w.+-]+@[^\W_](?:[\w-]*\w)?(?:\.[^\W_](?:[\w-]*\w)?)*\.[A-Za-z]{2,}(?!\w)"
)
PHONE_INTERNATIONAL = _lazy(
    r"(?<![\w+])(?:\+|00(?=254|27|44))\d{1,3}(?:[ .-]?\(0\))?(?:[ .-]?\(?\d{2,4}\)?){2,5}" + _END
)
PHONE_NATIONAL = _lazy(
    r"(?<![\w+.,/-])(?:"
    r"\(?0\d{2}\)?[ .-]?\d{3}[ .-]?\d{4}"  # 082 123 4567, 0712345678
    r"|0\d{3}[ .-]?\d{3}[ .-]?\d{3}"  # 0712 345 678
    r"|0\d{3}[ .-]?\d{6}"  # 0712 345678
    r"|\(?0\d{2}\)?[ .-]?\d{4}[ .-]?\d{4}"  # 020 7946 0958, 07700900123
    r"|\(?0\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}"  # 0121 496 0018
    r"|\(?0\d{4}\)?[ .-]?\d{3}[ .-]?\d{3}"  # 07700 900 123
    r"|\(?0\d{4}\)?[ .-]?\d{6}"  # 07700 900123
    r")" + _END
)
# Trunk prefixes of national numbers: Kenya (07, 01) and South Africa (06-08) have ten digits,
# the UK (07 mobile, 01 and 02 geographic) eleven. Ten digits are also South Africa's landlines
# (021, 031, 041, 051), Ghana's (020, 024, 054, 055), Zambia's and Malawi's mobiles (097, 099);
# eleven, Nigeria's mobiles (0803, 0813, 0903). Freephone and non-geographic numbers (0800, 0808,
# 0845, 0870, 0300) identify nobody.
NATIONAL_PREFIXES = {
    10: ("01", "02", "03", "04", "05", "06", "07", "08", "09"),
    11: ("07", "01", "02", "08", "09"),
}
NOT_A_PERSONS_NUMBER = ("0800", "0808", "084", "087", "03")

_NUMBER_WORD = r"(?:no|number|num|nr)\b\.?"
# A record number after the word for it: MRN, hospital, file, folder, IP/OPD, unit, CR or
# registration number, patient ID ("file number is 00345/22", "IP number, 88412"); a bed number.
# Which count (a bed's number only right after the word, a record's with three digits or more)
# is guard.py's to decide from the `gap`.
RECORD = _lazy(
    r"(?<!\w)(?P<context>MRN|UHID|"
    r"(?:hospital|hosp\.?|patient|medical\s+record|record|file|case|folder|unit|chart|clinic"
    r"|admission|inpatient|outpatient|(?-i:CR|MR)|reg(?:istration)?\.?)\s*(?:"
    + _NUMBER_WORD
    + r"|(?-i:ID)\b)"
    + r"|(?:IP|OP|IPD|OPD)\s*"
    + _NUMBER_WORD
    + r"|(?-i:IPD?|OPD?)(?=[\s:#.=-]*\d)"  # "IP 224197" (three digits or more: guard.py)
    + r"|bed(?:\s*"
    + _NUMBER_WORD
    + r")?)"
    r"(?P<gap>\s*[:#.=,-]?\s*(?:(?:is|was)\s+)?)(?P<value>[A-Za-z]{0,4}[/-]?\d(?:[\w/-]*\w)?)",
    re.IGNORECASE,
)
KE_ID = _lazy(
    r"(?<!\w)(?:national\s+)?ID(?:\s*(?:card\s*)?" + _NUMBER_WORD + r")?"
    r"\s*[:#.=-]?\s*(?P<value>\d{7,8})" + _END,
    re.IGNORECASE,
)

# -- addresses, postcodes, passports, NI numbers and NINs (guard_numbers.py decides which count)
_UPPER, _LOWER = "A-Z\u00c0-\u00de", "a-z\u00df-\u00ff"
_CAP = rf"[{_UPPER}][{_LOWER}'\u2019][\w'\u2019-]*"  # "Moi", "O'Connell"; not "LS7" or "GCS"
_WORD = r"[^\W\d_][\w'\u2019-]*"
_HOUSE = r"\d{1,5}[A-Za-z]?(?:[-/]\d{1,5}[A-Za-z]?)?(?![\w:.,/-]\d)"  # 14, 22b, 12-14, 2/1
_UNIT = r"(?i:flat|apartment|apt\.?|unit|suite|house|plot|stand|erf|shop|block)"
_BUILDING = (
    rf"(?:{_CAP}[ \t]+){{1,3}}"
    r"(?:House|Court|Mansions|Towers?|Building|Flats|Apartments|Lodge|Heights|Estate|Hall|Plaza)"
)
_LEAD = (
    rf"(?P<unit>{_UNIT}(?:[ \t]+(?i:no|number)\.?)?[ \t]*{_HOUSE})[ \t]*,?[ \t]*"
    rf"(?P<building>{_BUILDING}[ \t]*,?[ \t]*)?"
)
# The words that end a street's name. In lower case only those in STREET_WORDS_IN_LOWER_CASE
# count, and guard_numbers.py checks the words before them ("2 sons close by", "2 hours drive",
# "3 houses down the road" are no address).
_STREET_WORD = (
    r"Road|Rd|Street|Str|St(?![ \t]+[A-Z])|Avenue|Ave|Lane|Ln|Close|Drive|Way|Crescent|Cres"
    r"|Grove|Place|Court|Gardens|Gdns|Terrace|Tce|Highway|Hwy|Boulevard|Blvd|Square|Sq|Mews"
    r"|Parade|Hill"
)
STREET_WORDS_IN_LOWER_CASE = frozenset(
    {"road", "rd", "street", "avenue", "ave", "lane", "crescent", "terrace", "highway"}
    | {"boulevard", "mews", "gardens"}
)
STREET = _lazy(
    rf"(?<![\w.,/:-])(?:{_LEAD}(?P<number>(?:(?i:no|number)\.?[ \t]*)?{_HOUSE}[ \t]+)?"
    rf"|(?P<house>(?:(?i:no|number)\.?[ \t]*)?{_HOUSE}[ \t]+))"
    rf"(?P<words>(?:{_WORD}[ \t]+){{1,4}}?)(?P<street>{_STREET_WORD}|(?i:{_STREET_WORD}))(?!\w)"
)
# "Flat 12, Ravenswood House"; "Stand 2234, Glen View 3" and "1407 Section K, Umlazi" (these
# two only with the place after a comma); "P.O. Box 1234-40100, Kisumu".
UNIT_BUILDING = _lazy(
    rf"(?<![\w.,/:-]){_UNIT}(?:[ \t]+(?i:no|number)\.?)?[ \t]*{_HOUSE}[ \t]*,?[ \t]*{_BUILDING}"
)
LAND_UNIT = _lazy(
    r"(?<![\w.,/:-])(?:Plot|Stand|Erf|PLOT|STAND|ERF)(?:[ \t]+(?i:no|number)\.?)?[ \t]*" + _HOUSE
)
TOWNSHIP = _lazy(
    rf"(?<![\w.,/:-]){_HOUSE}[ \t]+(?:Section|Zone|Extension|Ext\.?|Phase|Block)[ \t]+"
    r"(?:[A-Z]{1,2}|\d{1,3})(?!\w)"
)
PO_BOX = _lazy(
    r"(?<!\w)(?:P\.?[ \t]?O\.?[ \t]*Box|Post[ \t]+Office[ \t]+Box|Private[ \t]+Bag[ \t]*X?)"
    r"[ \t]*\d{1,6}(?:[ \t]?[-\u2013][ \t]?\d{3,6})?(?!\w|[.,/]\d)",
    re.IGNORECASE,
)
YEAR = _lazy(r"(?:19|20)\d\d")
YEAR_BEFORE = _lazy(
    r"\b(?:in|since|by|until|till|from|during|before|after|of|early|late|mid)[ \t]+$",
    re.IGNORECASE,
)
# The town, estate or district after an address: capitalised words after a comma, "Dublin 2".
TOWN = _lazy(
    rf"(?P<comma>[ \t]*,)?[ \t]*(?P<words>{_CAP}(?:[ \t]+{_CAP}){{0,2}})"
    r"(?P<number>[ \t]+\d{1,2}(?!\w|[:.,/-]\d))?"
)
ADDRESS_CUE = _lazy(
    r"\b(?:lives?|living|lived|stays?|staying|stayed|resides?|residing|address(?:es)?"
    r"|moved[ \t]+to)\b[^.;!?\n]{0,30}$",
    re.IGNORECASE,
)
NOT_ADDRESS_BEFORE = _lazy(
    r"\b(?:bed|bay|ward|room|cubicle|band|page|grade|level|floor|gate|theatre|score|GCS)"
    r"[ \t]*(?:no\.?|number)?[ \t]*$",
    re.IGNORECASE,
)

# UK postcode areas (and the Crown dependencies, and BFPO): an outward code is one of these, a
# district digit (and a digit or letter), an inward code a digit and two letters (never C, I, K,
# M, O or V). "T2 DM", "GCS 15", "G6PD", "FY1" alone are no postcode.
_AREAS = (
    "AB|AL|BA|BB|BD|BF|BH|BL|BN|BR|BS|BT|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|DH|DL|DN|DT|"
    "DY|EC|EH|EN|EX|FK|FY|GL|GU|GY|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|LA|LD|LE|"
    "LL|LN|LS|LU|ME|MK|ML|NE|NG|NN|NP|NR|NW|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|SA|SE|SG|SK|SL|SM|"
    "SN|SO|SP|SR|SS|ST|SW|SY|TA|TD|TF|TN|TQ|TR|TS|TW|UB|WA|WC|WD|WF|WN|WR|WS|WV|YO|ZE|B|E|G|L|M|"
    "N|S|W"
)  # two letters before one: "SW1A" is in SW, not S
POSTCODE = _lazy(
    rf"(?<![\w/-])(?P<outward>(?:{_AREAS})\d[\dA-Z]?)(?P<space>[ \t]?)"
    r"(?P<inward>\d[ABD-HJLNP-UW-Z]{2})(?!\w)",
    re.IGNORECASE,
)
POSTCODE_CUE = _lazy(r"\bpost[ \t]?codes?\b[^.;!?\n]{0,20}$", re.IGNORECASE)
# Lower-case inward codes that are more often a unit or an ordinal: "m1 1st", "e1 2hr".
NOT_INWARD = frozenset({"st", "nd", "rd", "th", "hr", "yr", "ug", "dl"})

# After the word that says what follows: ", ", ": ", " is ", " was " may come between.
_GAP = r"(?:[ \t]*[:#=,(-][ \t]*|[ \t]+(?:(?:is|was|as)[ \t]+)?)"  # "his NIN as 2291…"
PASSPORT = _lazy(
    rf"(?<!\w)passport(?:[ \t]+{_NUMBER_WORD})?{_GAP}"
    rf"(?P<value>(?=[A-Z\d]*\d[A-Z\d]*\d)[A-Z\d]{{6,10}}){_END}",
    re.IGNORECASE,
)
# A UK National Insurance number: two letters, six digits, a letter A to D. After the word for
# it the value counts as written; alone, only with a prefix HMRC allocates (guard_numbers.py).
_NINO = r"[A-Z]{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}"
NI_NUMBER = _lazy(
    r"(?<!\w)(?:(?-i:NI(?:NO|No)?)|ni(?=[ \t]*(?:no|number))|N\.I\.|national[ \t]+insurance)"
    rf"(?:[ \t]*{_NUMBER_WORD})?{_GAP}(?P<value>{_NINO}(?:[ \t]?[A-D])?)(?!\w)",
    re.IGNORECASE,
)
NINO = _lazy(rf"(?<![\w/-])(?P<value>{_NINO}[ \t]?[A-D])(?!\w)", re.IGNORECASE)
NINO_FIRST, NINO_SECOND = "DFIQUV", "DFIOQUV"
NINO_NOT_ALLOCATED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
# A Nigerian National Identification Number: eleven digits after NIN, NIMC or the words.
NIN = _lazy(
    r"(?<!\w)(?:NIN|NIMC(?:[ \t]+(?:ID|slip|card))?"
    rf"|national[ \t]+identi(?:fication|ty)(?:[ \t]+{_NUMBER_WORD})?)"
    rf"(?:[ \t]*{_NUMBER_WORD})?{_GAP}"
    rf"(?P<value>\d{{11}}|\d{{4}}[ -]\d{{3}}[ -]\d{{4}}|\d{{3}}[ -]\d{{4}}[ -]\d{{4}}){_END}",
    re.IGNORECASE,
)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
MONTH_NUMBER = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
# "12 March 2024", "12th of March, 2024"; without a year the month must have its capital.
DAY_MONTH = _lazy(
    rf"(?<![\w.,/-])(?P<day>\d{{1,2}}){_ORDINAL}(?:\s+of)?\s+(?P<month>(?i:{_MONTH}))\.?"
    rf"(?:,?\s+{_YEAR})?(?!\w)"
)
# "March 12, 2024", "March 12th": without a year only with its ordinal ("in May 2 patients").
MONTH_DAY = _lazy(
    rf"(?<!\w)(?P<month>(?i:{_MONTH}))\.?\s+(?P<day>\d{{1,2}})(?P<ordinal>{_ORDINAL})"
    rf"(?:,?\s+{_YEAR})?(?!\w|[.,:/-]\d)"
)
NUMERIC_DATE = _lazy(
    r"(?<![\w.,/-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})" + _END
)
ISO_DATE = _lazy(
    r"(?<![\w.,/-])(?P<year>(?:19|20)\d{2})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    + r"(?![^\WT]|[.,:/-]\d)"  # "2024-03-12T08:30" is a date too
)
# "(by 12 March)", "due 2026-12-20": a day something is due by names nobody (an action's date).
DEADLINE_BEFORE = _lazy(r"(?:\(by|\bdue|\bdeadline:?)\s+(?:the\s+)?$", re.IGNORECASE)
NOT_A_DATE_BEFORE = _lazy(r"\bapgars?(?:\s+scores?)?\s*[:=]?\s*(?:of\s+)?$", re.IGNORECASE)
BIRTH_CONTEXT = _lazy(
    r"(?:\bDOB|\bD\.O\.B\.?|\bdate\s+of\s+birth|\bborn(?:\s+on)?)\s*[:=-]?\s*$", re.IGNORECASE
)
BIRTH_YEAR = _lazy(
    r"(?:\bDOB|\bD\.O\.B\.?|\bdate\s+of\s+birth)\s*[:=-]?\s*(?P<value>(?:19|20)\d{2})(?!\w|[./-]\d)",
    re.IGNORECASE,
)

AGE = _lazy(
    r"(?<![\w.,/])(?P<number>\d{1,3})(?:"
    r"\s?-?\s?(?:years?|yrs?|months?|mths?|weeks?|wks?|days?)[\s-]?old"  # 67-year-old, 3 months old
    r"|\s?y\.?o\.?(?!\w)"  # 67yo, 67 y.o.
    r"|\s?y/o(?!\w)"  # 67 y/o
    r"|\s?(?P<yrs>yrs?)(?!\w)"  # 67yrs: unless it is a length of time (see guard._yrs_is_an_age)
    r")",
    re.IGNORECASE,
)
AGED = _lazy(
    r"(?<!\w)(?P<word>aged?)\s*[:=-]?\s*(?P<number>\d{1,3})(?:/(?:12|52))?"
    r"(?:\s?(?:years?|yrs?|y)(?!\w))?(?!\w|[.,:/-]\d)",
    re.IGNORECASE,
)
# "67 yrs" without "old" is an age beside a word that says whose ("M 67 yrs", "man 67 yrs",
# "67 yrs F"), or written as one word ("67yrs") and not after a word of time ("for 5yrs");
# otherwise it is more often a length of time ("qualified 5 yrs", "2 yrs ago").
AGE_CUE_BEFORE = _lazy(
    r"(?:(?-i:\b[MF]\b)|\b(?:male|female|man|woman|boy|girl|lady|gentleman|gent|pt|patient))"
    r"[\s,:]*$",
    re.IGNORECASE,
)
AGE_CUE_AFTER = _lazy(
    r"[\s,]*(?:(?-i:[MF]\b)|(?:male|female|man|woman|boy|girl|lady|gentleman|gent)\b)",
    re.IGNORECASE,
)
DURATION_BEFORE = _lazy(
    r"\b(?:for|over|after|past|last|in|within|since|than|about|around|nearly|almost|some|the|"
    r"those|these|of|first|next|qualified|been|worked|working|nursing|practising|practicing|"
    r"spent|took|takes|lasted|every|each)\s+$",
    re.IGNORECASE,
)
DURATION_AFTER = _lazy(
    r"\s*(?:ago|of|later|before|since|experience|qualified|now|in\b|on\b|at\b)", re.IGNORECASE
)
NOT_AN_AGE_BEFORE = _lazy(
    r"\b(?:gestational|bone|school|mental|average|mean|median)\s+$", re.IGNORECASE
)

_TITLES = r"Mrs|Mr|Ms|Miss|Mx|Dr|Prof|Professor|Sister|Sr|Nurse|Matron|Mama|Baba|Mzee"
_NAME_WORD = r"[^\W\d_][\w'\u2019-]*"
TITLE_NAME = _lazy(
    rf"(?<![\w.])(?:{_TITLES})\.?[ \t]+(?P<first>{_NAME_WORD})(?:[ \t]+(?P<second>{_NAME_WORD}))?"
)
MAYBE_TITLE = _lazy(rf"(?:{_TITLES})\b")
# Capitalised words that follow a title without being a name: roles, and the start of a phrase.
# fmt: off
NOT_NAMES = frozenset({
    "a", "an", "and", "at", "for", "from", "i", "in", "is", "of", "on", "or", "the", "to", "was",
    "who", "has", "had", "said", "told", "asked", "came", "called",
    "practitioner", "specialist", "consultant", "registrar", "manager", "educator", "associate",
    "lead", "assistant", "officer", "surgeon", "physician", "midwife", "nurse", "doctor", "team",
    "ward", "unit", "charge", "incharge", "in-charge", "student",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
})
# fmt: on
