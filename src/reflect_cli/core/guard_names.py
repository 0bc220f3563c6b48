"""People's names written without a title: "Achieng was crying", "I told Wanjiru's father",
"Sipho Ndlovu, the patient in cubicle 3", "told wanjiru to wait".

Pure and stdlib only. `find(text, allow)` gives `(start, end)` spans for guard.find to report.

A word is read as a name from two things together: the name lists (core/name_lexicon) and how
the sentence uses it.

- A capitalised word in the middle of a sentence that is a name and not an ordinary word counts
  (Achieng, Ndlovu, Siobhan); so do capitalised names together ("Grace Mwangi").
- At the start of a sentence, where every word has its capital, a name counts when what follows
  is what follows a person: a verb ("Achieng was...", "Otieno refused..."), a possessive
  ("Thabo's mother"), a comma and a description ("Sipho, the patient...").
- Names that are also words (Grace, Hope, Patience, Will) count in the middle of a sentence
  with their capital, and at its start only where the sentence makes them a person ("Patience
  refused", "Grace's baby"); "with patience" and "I hope" never.
- A capitalised word in no list counts only where it can only be a person: "I told Zawadi",
  "Zawadi's husband", "Zawadi cried".
- A name typed in lowercase ("told wanjiru to wait") counts after a word that is said of
  people (told, asked, with, baby) or before a verb or a possessive.
- A run of capitalised words that holds a word that is never a person (Apgar, Kisumu, Khan in
  "Aga Khan", God) or that names a thing (Hospital, Ward, Road, Scale) is not a person:
  "Grace Ward", "Chris Hani Baragwanath", "Kenyatta National Hospital", "Glasgow Coma Scale".
  Neither are the words of a heading in Title Case, nor a weekday unless the sentence makes it a
  person ("Sunday was the porter").
- Words in the user's `[guard] allow` list are never names.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from reflect_cli.core import guard_name_words as vocab
from reflect_cli.core import name_lexicon as lexicon
from reflect_cli.core.name_tokens import Token as _Token
from reflect_cli.core.name_tokens import tokens as _tokens


def might_hold_a_name(text: str) -> bool:
    """A quick look before anything else: a text with no letter at all ("3 of 6, 08:30")
    holds no name."""
    return any(c.isalpha() for c in text)


def find(text: str, allow: Iterable[str] = ()) -> list[tuple[int, int]]:
    """The spans of `text` that name a person without a title."""
    if not might_hold_a_name(text):
        return []
    tokens = _tokens(text)
    allowed = _allowed_spans(text, allow)
    spans: list[tuple[int, int]] = []
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    heading_lines = _heading_lines(tokens, line_starts)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.capitalised:
            run_end = _run_end(text, tokens, index)
            if bisect_right(line_starts, token.start) not in heading_lines:
                spans += _names_in_run(text, tokens, index, run_end)
            index = run_end
            continue
        if _lowercase_name(tokens, index):
            spans.append((token.start, token.end))
        index += 1
    spans = _listed_with_names(text, tokens, spans)
    return [s for s in spans if not any(s[0] < e and b < s[1] for b, e in allowed)]


def _listed_with_names(
    text: str, tokens: list[_Token], spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Words in a list with a name are names too: "Nambi, Babirye and Kisakye", "Funke, Ayo
    and Damilola", "adhiambo + awino", once one of them is found."""
    if not spans:
        return spans
    found = set(spans)
    for _ in range(8):  # a list is short; each pass reaches one word further
        covered = {i for i, t in enumerate(tokens) if any(b <= t.start < e for b, e in found)}
        added = set()
        for i, token in enumerate(tokens):
            if i in covered or not _could_be_listed(token):
                continue
            for j in (i - 2, i - 1, i + 1, i + 2):
                if j in covered and _listed_together(text, tokens, min(i, j), max(i, j)):
                    added.add((token.start, token.end))
        if not added:
            break
        found |= added
    return sorted(found)


def _could_be_listed(token: _Token) -> bool:
    word = token.lower
    if len(word) < 3 or word in lexicon.not_people() or word in vocab.THINGS:
        return False
    if token.capitalised:
        return not _common(token) or _kind(word) != "other"
    return word in lexicon.names() and not lexicon.is_common_word(word)


def _listed_together(text: str, tokens: list[_Token], first: int, second: int) -> bool:
    """Two words side by side in a list: "Ayo, Funke", "Ayo and Funke", "ayo + funke"."""
    if second - first == 2 and tokens[first + 1].lower not in ("and", "or"):
        return False
    gap = text[tokens[first].end + (2 if tokens[first].possessive else 0) : tokens[second].start]
    return gap.strip() in (",", "and", "&", "+", "or", ", and", "/") and "\n" not in gap


def _run_end(text: str, tokens: list[_Token], index: int) -> int:
    """The end (exclusive) of the run of capitalised words starting at `index`: joined by one
    space or hyphen, with particles between ("van der Merwe"), split at a title."""
    end = index + 1
    while end < len(tokens):
        previous, token = tokens[end - 1], tokens[end]
        gap = text[previous.end + (2 if previous.possessive else 0) : token.start]
        if previous.possessive or gap not in (" ", "-") or token.sentence_start:
            break
        if token.capitalised and token.lower not in vocab.TITLES:
            end += 1
            continue
        if token.lower in vocab.PARTICLES:  # "van der Merwe": particles, then a capital
            ahead = end
            while ahead < len(tokens) and tokens[ahead].lower in vocab.PARTICLES:
                ahead += 1
            if ahead < len(tokens) and tokens[ahead].capitalised and end > index:
                end = ahead + 1
                continue
        break
    return end


def _names_in_run(text: str, tokens: list[_Token], start: int, end: int) -> list[tuple[int, int]]:
    while start < end and (tokens[start].lower in vocab.TITLES or len(tokens[start].word) < 2):
        start += 1  # "Mama Achieng", "Baby Thabo": the name is what follows the title
    if start == end:
        return []
    run = tokens[start:end]
    words = [t.lower for t in run]
    if len(run) == 1 and _ambiguous(words[0]):  # "Sunday was the porter", "in May"
        after = tokens[end] if end < len(tokens) else None
        person = _said_to(tokens, start) or _described_as_person(run[0], after, tokens, end)
        return [(run[0].start, run[0].end)] if person else []
    names = [w for w in words if w in lexicon.names() and w not in lexicon.not_people()]
    if any(w in vocab.THINGS for w in words) or any(
        w in lexicon.not_people() and not (names and w in vocab.CALENDAR) for w in words
    ):
        return []  # but "Sunday Ogundipe", "Monday Okafor": a name beside it says person
    after = tokens[end] if end < len(tokens) else None
    if after and after.lower in vocab.THINGS and _next_to(text, run[-1], after):
        return []  # "Thomas splint", "Mwangi ward", "Addison's disease", "Fowler's position"
    if start > 0 and tokens[start - 1].lower in ("the", "a", "an"):
        return []  # "the Robson classification", "The John Radcliffe", "a Foley"
    # Words at the edges that are ordinary words and no name: "Today Wanjiru", "Wanjiru Then".
    joined = any(t.word.islower() for t in run)  # "van der Merwe": particles make a name
    first, last = 0, len(run)
    while len(run) > 1 and not joined and first < last and _plain_word(run[first].lower):
        first += 1
    while len(run) > 1 and not joined and last > first and _plain_word(run[last - 1].lower):
        last -= 1
    if first == last or (first > 0 and run[first - 1].lower in ("the", "a", "an")):
        return []  # and "The John Radcliffe"
    core = run[first:last]
    kinds = [_kind(t.lower) for t in core if not t.word.islower()]
    first_token = core[0]
    at_start = first_token.sentence_start or (first > 0 and run[0].sentence_start)
    named = False
    if len(core) == 1 and _a_place_here(tokens, start + first):
        named = False  # "drove to George", "came from Alice": towns that are names too
    elif joined or ("name" in kinds and (len(core) > 1 or not at_start)):
        named = True
    elif len(core) > 1 and "word_name" in kinds and not any(_common(t) for t in core[1:]):
        named = True  # "Grace Mwangi" where Mwangi is in no list, "Mercy Wambui"
    elif len(core) == 1 and kinds[0] == "name":  # at the start of a sentence
        named = True  # a name that is no English word: what else would start a sentence?
    elif kinds[0] == "word_name" and len(core) == 1:
        named = _acts_as_person(core[-1], after, tokens, end) if at_start else True
    else:  # words in no list
        named = (
            _said_to(tokens, start + first, end)
            or (core[-1].possessive and _peoples_thing(tokens, end))
            or _acts_as_person(core[-1], after, tokens, end, strict=True)
            or _subject_of_a_person(core[-1], after, tokens, end)
            or _beside_a_name(tokens, start + first, end)
        ) and not any(_common(t) for t in core)  # the context first: it spares reading a list
    if not named:
        return []
    begin = start + first  # "Dr van Zyl": the particles before a name are part of it
    while (
        begin > 0
        and tokens[begin - 1].lower in vocab.PARTICLES
        and tokens[begin - 1].word.islower()
    ):
        begin -= 1
    return [(tokens[begin].start, core[-1].end)]


def _kind(word: str) -> str:
    if word in lexicon.names():
        return "name"
    if word in lexicon.word_names():
        return "word_name"
    if "-" in word:  # "Jean-Pierre", "Mary-Jane": a name when its parts are names
        parts = [_kind(part) for part in word.split("-")]
        if "name" in parts and all(k in ("name", "word_name") for k in parts):
            return "name"
    return "other"


def _common(token: _Token) -> bool:
    """An ordinary word (or too short to tell), or a medicine by its name's ending: not a name
    in no list."""
    word = token.lower
    return (
        len(word) < 3
        or word.endswith(vocab.MEDICINE_ENDINGS)
        or lexicon.is_common_word(word)
        or _kind(word) != "other"
    )


def _plain_word(word: str) -> bool:
    """An ordinary word that is no name: it may start a sentence or a heading."""
    return (
        word not in lexicon.names()
        and word not in lexicon.word_names()
        and (lexicon.is_common_word(word) or word in vocab.TITLES or len(word) < 2)
    )


def _acts_as_person(
    token: _Token, after: _Token | None, tokens: list[_Token], end: int, strict: bool = False
) -> bool:
    """For words that are also names, what only a person does after them: 'Patience refused',
    'Hope sat', 'Innocent had TB', 'Grace's baby', 'Hope was crying', 'Mark from IT'; not
    'Patience is key' or 'Hope is what keeps me going'. `strict`, for words in no list, asks
    for what only a person does ('Zawadi cried', 'Zawadi was crying', 'Zawadi from the lab')."""
    if token.possessive:
        return _peoples_thing(tokens, end)
    if after is None or after.start - token.end > 2:
        return False
    word = after.lower
    if word in vocab.ACTIVE_VERBS or (word == "from" and (token.sentence_start or not strict)):
        return True
    if word in vocab.DOING_NOW or _apposition(token, after, tokens, end):
        return True
    if word in ("was", "is") and end + 1 < len(tokens):
        return tokens[end + 1].lower in vocab.PERSON_STATES or (after.number_follows and not strict)
    if strict:
        return False
    if word in vocab.PAST_VERBS or word in ("had", "has", "from"):
        return True
    if word in ("was", "is") and end + 1 < len(tokens):
        return tokens[end + 1].lower in vocab.PERSON_STATES or after.number_follows
    return word.endswith("ed") and len(word) > 4


def _apposition(token: _Token, after: _Token, tokens: list[_Token], end: int) -> bool:
    """'Kato, the boda boda rider', 'Zawadi (the mother)': described as a person next."""
    if not token.comma_follows or after.lower not in ("the", "a", "an", "my", "our", "her", "his"):
        return False
    return any(t.lower in vocab.PERSON_NOUNS for t in tokens[end + 1 : end + 5])


def _subject_of_a_person(
    token: _Token, after: _Token | None, tokens: list[_Token], end: int
) -> bool:
    """A word in no list that does what a person does: at the start of a sentence ('Shamiso
    needed blood', 'Dzifa translated'), or anywhere when spoken of as 'he' or 'she' soon after
    ('Nansubuga had sickle cell disease and had missed her folic acid', 'that Babatunde was nil
    by mouth. He ate breakfast.')."""
    if after is None or token.possessive or after.start - token.end > 2:
        return False
    word = after.lower
    if word == "who" or (token.sentence_start and word in vocab.PERSON_DOINGS):
        return True
    verb = (
        word in vocab.PERSON_VERBS
        or word in vocab.PAST_VERBS
        or (word.endswith("ed") and len(word) > 4)
    )
    if not verb or word in vocab.NOT_DOINGS:
        return False
    if token.sentence_start and word.endswith("ed") and word not in vocab.PERSON_VERBS:
        return True
    sentences = 0
    for later in tokens[end + 1 : end + 25]:
        if later.sentence_start:
            sentences += 1
            if sentences > 1:
                break
        if later.lower in vocab.PRONOUNS:
            return True
    return False


def _beside_a_name(tokens: list[_Token], start: int, end: int) -> bool:
    """'Chipo and Rudo', 'Rudo and Chipo': a word in no list joined to a name."""
    pairs = []
    if start >= 2:
        pairs.append((tokens[start - 1], tokens[start - 2]))
    if end + 1 < len(tokens):
        pairs.append((tokens[end], tokens[end + 1]))
    return any(
        joint.lower in ("and", "or")
        and other.capitalised
        and _kind(other.lower) == "name"
        and other.lower not in lexicon.not_people()
        for joint, other in pairs
    )


def _described_as_person(
    token: _Token, after: _Token | None, tokens: list[_Token], end: int
) -> bool:
    """For a month or a weekday that is a name too: only what says person outright. "Sunday
    was the porter", "Sunday's mother", "Sunday cried"; not "June was the busiest month" or
    "April came and the rotas were still not out"."""
    if token.possessive:
        return _peoples_thing(tokens, end)
    if after is None:
        return False
    if after.lower in vocab.ACTIVE_VERBS:
        return True
    if after.lower in ("was", "is") and end + 1 < len(tokens):
        ahead = tokens[end + 1 : end + 5]
        return ahead[0].lower in ("the", "a", "an", "my", "our") and any(
            t.lower in vocab.PERSON_NOUNS for t in ahead[1:]
        )
    return False


def _a_place_here(tokens: list[_Token], index: int) -> bool:
    """A town that is a name too (George, Alice, Kimberley), where the sentence makes it a
    place: after 'in', 'at' or 'near', or 'to' and 'from' after a verb of going ("a call from
    Elizabeth" is a person)."""
    token = tokens[index]
    if token.lower not in vocab.PLACES_THAT_ARE_NAMES or token.possessive or index == 0:
        return False
    before = tokens[index - 1].lower
    if before in ("in", "at", "near", "via", "towards", "outside", "around"):
        return True
    return before in ("to", "from") and index > 1 and tokens[index - 2].lower in vocab.GOING


def _ambiguous(word: str) -> bool:
    """A word that is never a person on its own but is a name too (Sunday, May, Christian)."""
    return word in lexicon.not_people() and (
        word in lexicon.names() or word in lexicon.word_names()
    )


def _next_to(text: str, token: _Token, after: _Token) -> bool:
    gap = text[token.end + (2 if token.possessive else 0) : after.start]
    return gap in (" ", "-")


def _peoples_thing(tokens: list[_Token], end: int) -> bool:
    """The words after a possessive name a person's belongings or kin: "Thabo's mother"."""
    return any(t.lower in vocab.PEOPLES_THINGS for t in tokens[end : end + 3])


def _said_to(tokens: list[_Token], index: int, end: int | None = None) -> bool:
    """The word before is said of people: "told X", "spoke to X", "my colleague X". Given
    `end` (for a capitalised word in no list, where medicines and places are in their own
    lists), also "with X", "for X", "gave X", "X and I", "me and X"."""
    if index == 0:
        return False
    one = tokens[index - 1].lower
    if one in vocab.SAID_TO or one in vocab.FRIENDS:
        return True
    two = tokens[index - 2].lower if index > 1 else ""
    if one in ("to", "with", "at", "over") and two in vocab.TO_WORDS:
        return True
    if end is None:
        return False
    if one in vocab.PERSON_NOUNS and tokens[index - 1].end + 3 > tokens[index].start:
        return True  # "the medical officer, Lungu", "the pharmacist (Mehta)"
    if one in vocab.WITH_PEOPLE or (one == "and" and two in ("me", "i")):
        return True
    ahead = [t.lower for t in tokens[end : end + 2]]
    return ahead in (["and", "i"], ["and", "me"])


def _lowercase_name(tokens: list[_Token], index: int) -> bool:
    """A name typed in lowercase: "told wanjiru to wait", "kemi said...". The context is
    looked at first, so most words never reach the name lists."""
    token = tokens[index]
    word = token.lower
    if len(word) < 3 or not token.word.islower() or word in vocab.TITLES:
        return False
    before = tokens[index - 1].lower if index else ""
    after = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    if token.possessive:
        person = _peoples_thing(tokens, index + 1) or before in vocab.LOWERCASE_CUES
    else:
        person = (
            before in vocab.LOWERCASE_CUES
            or after in vocab.ACTIVE_VERBS
            or after in vocab.PAST_VERBS
            or after in ("was", "is", "had", "has")
        )
    return (
        person
        and word in lexicon.names()
        and not lexicon.is_common_word(word)
        and word not in lexicon.not_people()
    )


def _heading_lines(tokens: list[_Token], line_starts: list[int]) -> set[int]:
    """Lines written in Title Case ("Learning From A Night Shift"): their capitals say
    nothing about names."""
    lines: dict[int, list[_Token]] = {}
    for token in tokens:
        lines.setdefault(bisect_right(line_starts, token.start), []).append(token)
    headings = set()
    for line, words in lines.items():
        long = [t for t in words if len(t.word) > 3]
        if len(long) >= 3 and all(t.capitalised for t in long):
            plain = sum(1 for t in long if _plain_word(t.lower))
            if plain >= len(long) / 2:
                headings.add(line)
    return headings


def _allowed_spans(text: str, allow: Iterable[str]) -> list[tuple[int, int]]:
    words = sorted({w.strip() for w in allow if w and w.strip()}, key=len, reverse=True)
    if not words:
        return []
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]
