"""Names without a title (issue 11): measured on the labelled sets, through the command line,
in a guided entry, in `--redact`, with a user's `[guard] allow` list, and read lazily."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from typed_keys import DOWN, SUBMIT, keys

from reflect_cli.core import frameworks, guard, name_lexicon, session
from tests.test_privacy_flow import real_guard

DATA = Path(__file__).parent / "data"
SCRIPT = Path(__file__).parents[1] / "scripts" / "guard_eval.py"

# The floors: what the guard reached when these were written (README, "How well the guard
# finds names"). A change that finds less, or cries wolf more, fails here.
FLOORS = {
    # file: (recall, precision, name recall, name precision)
    "guard_sentences.jsonl": (0.98, 0.99, 0.98, 0.98),
    "guard_dev2.jsonl": (0.94, 0.91, 0.95, 0.91),
    "guard_holdout.jsonl": (0.96, 0.95, 0.96, 0.95),
}


def _eval_module():
    spec = importlib.util.spec_from_file_location("guard_eval", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["guard_eval"] = module
    spec.loader.exec_module(module)
    return module


guard_eval = _eval_module()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_labelled_sets_stay_at_their_floors(name: str) -> None:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{name} is not in this checkout")
    result = guard_eval.score(guard_eval.load(path))
    recall, precision, name_recall, name_precision = FLOORS[name]
    names = result["kinds"]["name"]
    assert result["recall"] >= recall and result["precision"] >= precision, result["kinds"]
    assert names["recall"] >= name_recall and names["precision"] >= name_precision, names


def test_the_sets_are_what_the_readme_says() -> None:
    rows = guard_eval.load(DATA / "guard_sentences.jsonl")
    positive = [row for row in rows if row["spans"]]
    names = [s for row in rows for s in row["spans"] if s["kind"] == "name"]
    assert len(rows) >= 400 and len(positive) >= len(rows) / 2
    assert len(names) > len(positive) / 2  # most positives are names
    for row in rows:
        for span in row["spans"]:
            assert row["text"][span["start"] : span["end"]] == span["text"]


def test_the_real_command_line_finds_what_guard_find_does(reflect_bin: str) -> None:
    rows = guard_eval.load(DATA / "guard_sentences.jsonl")[:150]
    assert guard_eval.through_cli(rows, reflect_bin) == guard_eval.direct(rows)


@pytest.fixture
def reflect_bin() -> str:
    return str(Path(sys.executable).with_name("reflect"))


# -- what counts, sentence by sentence -----------------------------------------------------------


def names_in(text: str, allow: tuple[str, ...] = ()) -> list[str]:
    words = guard.Words((), allow)
    return [f.text for f in guard.find(text, words) if f.kind in ("name", "title_name")]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Achieng was crying when her mother arrived on the ward.", ["Achieng"]),
        ("I explained the delay to Wanjiru's father at the bedside.", ["Wanjiru"]),
        ("Sipho Ndlovu, the patient in cubicle 3, fell at 2am.", ["Sipho Ndlovu"]),
        ("I spoke to Grace Mwangi, the mother, about feeding.", ["Grace Mwangi"]),
        ("Baby Thabo was born at 32 weeks and needed CPAP.", ["Thabo"]),
        ("Thabo's mother sat with him all night.", ["Thabo"]),
        ("Patience refused her tablets.", ["Patience"]),
        ("told wanjiru to wait", ["wanjiru"]),
        ("I sat with Otieno and Kamau after the round.", ["Otieno", "Kamau"]),
        ("Siobhan O'Neill was my mentor.", ["Siobhan O'Neill"]),
        ("Jean-Pierre spoke only French.", ["Jean-Pierre"]),
        ("I remember Zawadi crying in the corridor.", ["Zawadi"]),  # in no list: the context
        ("I handed over to George, and then had a call from Alice.", ["George", "Alice"]),
    ],
)
def test_names_without_a_title(text: str, names: list[str]) -> None:
    assert names_in(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "GCS on the Glasgow Coma Scale was 15 and Apgar 9.",
        "I used Gibbs and then Rolfe, and read Johns and Driscoll.",
        "She had Parkinson's disease and a Foley catheter.",
        "The Gillick and Caldicott principles were new to me.",
        "We referred her to Chris Hani Baragwanath and then the Aga Khan.",
        "Kenyatta National Hospital had no beds.",
        "I worked in Kisumu, Eldoret and Nairobi before moving to Leeds.",
        "On Monday in May the Ward Manager and the Matron came.",
        "I showed patience, and by God's grace she settled. I hope it lasts.",
        "The Thomas splint was applied and Hartmann's solution started.",
        "Patience is what this job needs.",
        "Swahili and Zulu interpreters were both busy.",
        "Labetalol lowered her pressure within the hour.",  # a medicine by its ending
        "Dolutegravir suited him better than the old regimen.",
        "We drove to George for the CT scan, and she had come from Alice on the bus.",
    ],
)
def test_what_is_not_a_person_stays_unflagged(text: str) -> None:
    assert names_in(text) == []


def test_a_users_allow_list_keeps_their_words() -> None:
    text = "I worked on Mercy tonight and Otieno helped."
    assert names_in(text) == ["Mercy", "Otieno"]
    assert names_in(text, ("mercy",)) == ["Otieno"]  # any case
    assert names_in("Sunday was the porter", ("Sunday",)) == []


def test_redact_puts_name_in_place_of_a_name() -> None:
    text = "Achieng was crying and I told wanjiru."
    assert guard.redact(text, guard.find(text)) == "[name] was crying and I told [name]."


# -- read only when needed -----------------------------------------------------------------------


def test_the_lists_are_read_only_when_a_text_may_hold_a_name() -> None:
    for read in (name_lexicon.names, name_lexicon.common_words):
        read.cache_clear()
    guard.find("3 of 6, BP 120/80, 500 mg")
    assert name_lexicon.names.cache_info().currsize == 0
    guard.find("Tired, busy shift, but we managed.")
    assert name_lexicon.names.cache_info().currsize == 1
    # the long list of ordinary words waits for a word the context already calls a person
    assert name_lexicon.common_words.cache_info().currsize == 0


def test_the_lists_ship_with_the_package() -> None:
    for file in ("names.txt", "word_names.txt", "common_words.txt", "not_people.txt"):
        assert (name_lexicon.DATA / file).stat().st_size > 0
    assert all(n in name_lexicon.names() for n in ("achieng", "wanjiru", "ndlovu", "siobhan"))
    assert all(n in name_lexicon.word_names() for n in ("grace", "hope", "patience"))
    assert "grace" not in name_lexicon.names() and "the" not in name_lexicon.names()
    assert all(w in name_lexicon.not_people() for w in ("apgar", "kisumu", "gibbs", "coartem"))


# -- a user's experience -------------------------------------------------------------------------


def test_quick_marks_a_name_and_says_what_it_found(cli, exported) -> None:
    result = cli("quick", "Achieng was crying when her mother arrived")
    assert result.exit_code == 0, result.output
    assert "name: Achieng" in result.stderr
    assert exported() == []  # left out of exports until the user says otherwise
    (entry,) = exported("--redact")
    assert entry["steps"][0]["answer"] == "[name] was crying when her mother arrived"


def test_allow_in_the_settings_is_read(cli, exported, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[guard]\nallow = ["Mercy"]\n', encoding="utf-8")
    result = cli("quick", "I worked on Mercy tonight")
    assert result.exit_code == 0, result.output
    assert "identify" not in result.stderr
    assert len(exported()) == 1


def test_a_bad_allow_list_is_a_plain_message(cli, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[guard]\nallow = "Mercy"\n', encoding="utf-8")
    result = cli("quick", "a quiet night")
    assert result.exit_code != 0
    assert "[guard] allow must be a list of text" in result.stderr
    assert "Traceback" not in result.output


def test_a_guided_entry_offers_edit_keep_or_stop_for_a_name(store, capsys) -> None:
    typed = "Wanjiru's father was angry" + SUBMIT + DOWN + "\r" + "b" + SUBMIT + "c" + SUBMIT
    with keys(typed):
        entry = session.run(store, frameworks.get("rolfe"), _ask(), guard=real_guard())
    shown = capsys.readouterr().out
    assert "This answer may identify someone" in shown and "Wanjiru" in shown
    assert "'the patient', 'a colleague' or 'the ward'" in shown
    assert entry.steps[0].answer == "Wanjiru's father was angry"  # kept as written


def _ask():
    from reflect_cli.output import ask

    return ask.ask_step


def test_the_figures_print(capsys) -> None:
    sys.argv = ["guard_eval.py", "--json", str(DATA / "guard_sentences.jsonl")]
    guard_eval.main()
    figures = json.loads(capsys.readouterr().out)["guard_sentences.jsonl"]
    assert set(figures) >= {"recall", "precision", "kinds"}


def test_a_list_answers_the_same_searched_as_text_or_split() -> None:
    words = name_lexicon.SortedWords("achieng\nada\nbaraka\nzawadi\n")  # sorted, as built
    asked = ["achieng", "ada", "zawadi", "baraka", "ach", "zaw", "", "a\nb", "zzz", "aaa"]
    as_text = [w in words for w in asked]
    for _ in range(name_lexicon.SortedWords.SPLIT_AFTER):
        "x" in words  # noqa: B015 - asking, to pass the point where the list is split
    assert [w in words for w in asked] == as_text == [True] * 4 + [False] * 6
