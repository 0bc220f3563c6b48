"""Build the identifier guard's name lexicon in src/reflect_cli/data/: names.txt,
word_names.txt and common_words.txt.

Run at development time only (reflect itself never downloads anything):

    python -m venv /tmp/lexicon && /tmp/lexicon/bin/pip install -r scripts/lexicon/requirements.txt
    /tmp/lexicon/bin/python scripts/lexicon/build.py

Sources (see README, "Privacy: what could identify someone"):
- given names and surnames: the person providers of Faker (MIT licence) for the locales in
  LOCALES, plus scripts/lexicon/supplement_names.txt (this project's own list, MIT);
- ordinary English words: the lowercase words of Webster's Second International (web2, public
  domain, as packaged by `english-words`), kept when wordfreq rates them common enough to meet in
  a reflection.

Four files come out, one word a line, lowercase, sorted:
- names.txt: names that are not ordinary English words (Achieng, Ndlovu, Siobhan);
- word_names.txt: names that are also ordinary words (Grace, Hope, Patience, Will, Rose); the
  guard counts these only where the sentence uses them as a person;
- common_words.txt: ordinary English words, so a capitalised word that is in no list can be told
  from a word that begins a heading ("Security", "Theatre");
- not_people.txt: the words of the two lists kept by hand beside this script, not_people.txt
  (eponyms, models' authors, hospitals, places, peoples, months) and clinical_words.txt
  (medicines, devices, software, everyday Swahili, Zulu and other words), never a person.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from pathlib import Path

import wordfreq
from english_words import get_english_words_set

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src" / "reflect_cli" / "data"
SUPPLEMENT = Path(__file__).with_name("supplement_names.txt")

# Faker locales whose names health workers in the UK and in East, Southern and West Africa meet.
# Locales written in other scripts (ar_*, hi_IN, ...) are left out: reflections are written in
# the Latin alphabet, and their transliterations come in through en_PK, en_IN, fr_DZ, en_KE.
# fmt: off
LOCALES = (
    "en_KE", "sw", "zu_ZA", "yo_NG", "ha_NG", "ig_NG", "en_NG", "tw_GH", "en_GB", "en_IE", "ga_IE",
    "en_NZ", "en_US", "en_IN", "en_PK", "fr_DZ", "fr_FR", "pt_PT", "pt_BR", "pl_PL", "ro_RO",
    "nl_NL",
)
# fmt: on
# A name counts as an ordinary word when web2 has it in lowercase and it is at least this common
# (wordfreq's Zipf scale: 3 is about once per million words).
WORD_ZIPF = 2.5
COMMON_ZIPF = 2.0
# Common words that name people often enough to be kept among the names, with context rules.
# fmt: off
VIRTUE_NAMES = {
    "promise", "frank", "joy", "loveness", "precious", "happiness", "faith", "beauty", "hope",
    "fortune", "grace", "memory", "daisy", "given", "lucky", "honour", "mark", "gift", "honor",
    "goodluck", "justice", "lily", "patience", "friday", "mercy", "grant", "sunday", "innocent",
    "rose", "pearl", "wisdom", "bill", "june", "ruby", "april", "prudence", "unity", "comfort",
    "violet", "charity", "may", "august", "blessing", "peace", "monday", "amber", "will",
    "goodness", "privilege", "witness", "knowledge", "favour", "favor", "talent", "blessed",
    "miracle", "success", "pride", "trust", "brilliant", "clever", "marvellous", "rejoice",
    "prosper", "victory", "glory", "testimony", "learnmore", "lovemore", "godknows", "nomatter",
    "beloved", "treasure", "honest", "hardlife",
}
# fmt: on
# Words some name list carries that are words first in a reflection (a floor, senna, serine).
# fmt: off
NOT_NAMES = {
    "fancy", "kick", "jet", "harsh", "eta", "mad", "nae", "feline", "baba", "theatre", "gogo",
    "bay", "mama", "mzee", "senna", "bed", "loot", "nail", "om", "baby", "ward", "yar", "tali",
    "doctor", "sister", "forum", "bas", "sever", "che", "matron", "mare", "marine", "mart", "ide",
    "ion", "nurse", "wadi", "serine", "floor", "corona", "bale", "sad", "sil",
}
# fmt: on
# Endings of abstract nouns and adjectives, whose plurals are rare ("kindnesses"): a name list
# holding one (Kindness, Felicity, Verity) holds a word that is a name only in context.
# fmt: off
WORD_ENDINGS = (
    "ness", "ity", "ment", "tion", "sion", "ance", "ence", "ship", "hood", "dom", "ful", "less",
    "ous", "ive", "ism", "ure",
)
# fmt: on
# An ordinary word's other forms are common too: "cooks", "bridges" (see _inflected).
INFLECTED_ZIPF = 2.7
# Words this common are words first, whoever carries them ("Said", "Were", "Deep", "Day").
GRAMMAR_ZIPF = 5.0
_NAME = re.compile(r"^[^\W\d_]+(?:['\u2019-][^\W\d_]+)*$")


def faker_names(kind: str) -> set[str]:
    """Faker's given names (`kind` "first_name") or surnames ("last_name") in LOCALES."""
    found: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in dir(provider):
            if attr.startswith("_") or kind not in attr:
                continue
            value = getattr(provider, attr)
            if isinstance(value, (tuple, list, set, frozenset, dict)):
                found |= {v for v in value if isinstance(v, str)}
    return found


def supplement_names() -> set[str]:
    if not SUPPLEMENT.exists():
        return set()
    lines = SUPPLEMENT.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def kept_words(file: str) -> set[str]:
    """A list kept by hand beside this script: words in any case, '#' starting a comment."""
    lines = Path(__file__).with_name(file).read_text(encoding="utf-8").lower().splitlines()
    return {word for line in lines if not line.startswith("#") for word in line.split()}


def usable(name: str) -> bool:
    """One word of the Latin alphabet, two letters or more."""
    name = unicodedata.normalize("NFC", name)
    if not _NAME.match(name) or len(name) < 2:
        return False
    return all("LATIN" in unicodedata.name(c, "") or c in "'\u2019-" for c in name)


def _inflected(word: str) -> bool:
    """Whether `word` is used as an ordinary word: its plural or past tense is common too
    ("cooks", "bridges", "hoped"), which a surname's ("murphys", "patels") is not."""
    forms = [word + "s", word + "es", word + "ed", word + "d", word + "ing"]
    if word.endswith("y"):
        forms += [word[:-1] + "ies", word[:-1] + "ied"]
    return max(wordfreq.zipf_frequency(form, "en") for form in forms) >= INFLECTED_ZIPF


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).lower().replace("\u2019", "'")


def main() -> None:
    web2 = get_english_words_set(["web2"], lower=False)
    lowercase_words = {w for w in web2 if w.islower() and w.isalpha()}
    given = {_key(n) for n in faker_names("first_name") if usable(n)}
    names, word_names = set(), set()
    for raw in faker_names("first_name") | faker_names("last_name") | supplement_names():
        if not usable(raw):
            continue
        name = _key(raw)
        if name in NOT_NAMES:
            continue
        frequency = wordfreq.zipf_frequency(name, "en")
        if name in VIRTUE_NAMES:
            word_names.add(name)
        elif name in lowercase_words and name.endswith(WORD_ENDINGS) and frequency >= WORD_ZIPF:
            word_names.add(name)  # Kindness, Felicity: words first, names in context
        elif (
            name not in lowercase_words
            or frequency < WORD_ZIPF
            or (frequency < GRAMMAR_ZIPF and not _inflected(name))
        ):
            names.add(name)  # Achieng; Murphy and Patel, whose web2 senses nobody uses
        elif name in given and frequency < GRAMMAR_ZIPF:
            # A given name that is also a word (Alison, Frank, Peter): a name in context.
            word_names.add(name)
        # A surname that is an ordinary word (Cook, Bridge, Floor) or a word of grammar (Said,
        # Such, Were) is left out: it is found only after a title ("Mrs Cook").
    word_names |= VIRTUE_NAMES
    common = {
        w for w in lowercase_words if len(w) > 1 and wordfreq.zipf_frequency(w, "en") >= COMMON_ZIPF
    } - names
    not_people = kept_words("not_people.txt") | kept_words("clinical_words.txt")
    OUT.mkdir(parents=True, exist_ok=True)
    for file, words in (
        ("names.txt", names),
        ("word_names.txt", word_names),
        ("common_words.txt", common),
        ("not_people.txt", not_people),
    ):
        (OUT / file).write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
        print(f"{file}: {len(words)} words")


if __name__ == "__main__":
    main()
