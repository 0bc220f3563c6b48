"""`reflect search QUERY`: stemmed, ranked, highlighted; any text a person types is a query."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reflect_cli.core import frameworks, searching
from reflect_cli.db.store import Store
from reflect_cli.output.screens.entries import highlighted


def found(cli, *query: str) -> list[dict]:
    result = cli("search", "--json", *query)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def titles(cli, *query: str) -> list[str]:
    return [hit["title"] for hit in found(cli, *query)]


@pytest.fixture
def journal(cli) -> None:
    cli("quick", "The handover was late again", "--at", "2026-01-10")
    cli("quick", "I don't know why the family meeting felt so hard", "--at", "2026-01-11")
    cli("quick", "Learnt some C++ on my day off", "--at", "2026-01-12")
    cli("quick", "Unsure whether or not to escalate; a near miss", "--at", "2026-01-13")
    cli("quick", "Rated the new rota 5* and the break room 100%", "--at", "2026-01-14")
    cli("quick", "A patient smiled at me 🙂 after a long night", "--at", "2026-01-15")
    cli("quick", "An unbalanced quote from a consultant stayed with me", "--at", "2026-01-16")


def test_stemmed_match(cli, journal) -> None:
    assert titles(cli, "handovers") == ["The handover was late again"]
    assert titles(cli, "HANDOVER") == ["The handover was late again"]


def test_every_word_must_appear(cli, journal) -> None:
    assert titles(cli, "handover late") == ["The handover was late again"]
    assert titles(cli, "handover", "late") == ["The handover was late again"]  # unquoted
    assert titles(cli, "handover family") == []


def test_words_may_be_in_different_answers(cli) -> None:
    answers = "what: A fall on the ward\nso_what: We need bed rails\nnow_what: Ask physio\n"
    cli("rolfe", "--answers", "-", input=answers)
    cli("quick", "A fall at home, nothing about rails")
    assert titles(cli, "fall physio") == ["A fall on the ward"]


def test_ranking_more_mentions_first(cli) -> None:
    cli("quick", "Sepsis screening then sepsis bundle then sepsis review", "--at", "2026-01-01")
    cli("quick", "Sepsis screening done then a quiet ward review", "--at", "2026-01-02")
    cli("quick", "Nothing about that at all today, only a quiet ward", "--at", "2026-01-03")
    assert titles(cli, "sepsis") == [
        "Sepsis screening then sepsis bundle then sepsis review",
        "Sepsis screening done then a quiet ward review",
    ]


def test_title_matches_count(cli) -> None:
    cli("rolfe", "--answers", "-", "--title", "Night of the flood", input="what: Water came in\n")
    cli("quick", "Calm night")
    assert titles(cli, "flood") == ["Night of the flood"]
    (hit,) = found(cli, "flooding")
    assert hit["snippet"] == "Night of the flood"


def test_title_match_ranks_higher(cli) -> None:
    same = "what: We talked about sepsis today\n"
    cli("rolfe", "--answers", "-", "--title", "Sepsis teaching", "--at", "2026-01-01", input=same)
    cli("rolfe", "--answers", "-", "--title", "Teaching day", "--at", "2026-01-02", input=same)
    assert titles(cli, "sepsis") == ["Sepsis teaching", "Teaching day"]
    assert titles(cli, "talked") == ["Teaching day", "Sepsis teaching"]  # a tie: newest first


def test_drafts_are_not_searched(cli, store: Store) -> None:
    draft = store.start_draft(frameworks.get("quick"))
    store.save_answer(draft, "what_mattered", "A zebra on the ward")
    cli("quick", "A horse on the ward")
    assert titles(cli, "zebra") == []
    assert titles(cli, "ward") == ["A horse on the ward"]


def test_scale_answers_are_not_searched(cli) -> None:
    cli("quick", "--answers", "-", input="mood: 3\nwhat_mattered: Good day\n")
    assert titles(cli, "3") == []
    assert titles(cli, "good") == ["Good day"]


def test_terminal_output_and_highlight(cli, journal, monkeypatch: pytest.MonkeyPatch) -> None:
    result = cli("search", "handovers")
    assert result.exit_code == 0
    first, snippet = result.stdout.splitlines()[:2]
    hit = found(cli, "handover")[0]
    assert first.split()[:4] == [hit["id"][:8], "2026-01-10", "12:00", "quick"]
    assert "The handover was late again" in first
    assert snippet.strip() == "The handover was late again"
    assert "1 found" in result.stdout and "reflect show" in result.stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = cli("search", "handovers").stdout
    assert "\x1b[1;7mhandover\x1b[0m" in coloured


def test_snippet_markers(store: Store, cli) -> None:
    cli("quick", "Long night. " * 20 + "The handover was late. " + "Tea helped. " * 20)
    (hit,) = store.search("handover")
    start, end = searching.MARK_START, searching.MARK_END
    assert f"{start}handover{end}" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    text = highlighted(hit.snippet)
    assert text.plain == searching.plain(hit.snippet)
    assert [text.plain[s.start : s.end] for s in text.spans] == ["handover"]
    assert [str(s.style) for s in text.spans] == ["bold reverse"]


def test_json_shape_and_plain_snippet(cli, journal) -> None:
    (hit,) = found(cli, "handover")
    assert set(hit) == {"id", "framework", "created_at", "title", "snippet"}
    assert hit["snippet"] == "The handover was late again"
    assert hit["framework"] == "quick" and hit["created_at"].startswith("2026-01-10T12:00")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"unbalanced quote', ["An unbalanced quote from a consultant stayed with me"]),
        ("don't", ["I don't know why the family meeting felt so hard"]),
        ("C++", ["Learnt some C++ on my day off"]),
        ("OR NOT", ["Unsure whether or not to escalate; a near miss"]),
        ("NEAR(", ["Unsure whether or not to escalate; a near miss"]),
        ("near miss)", ["Unsure whether or not to escalate; a near miss"]),
        ("*", ["Rated the new rota 5* and the break room 100%"]),
        ("%", ["Rated the new rota 5* and the break room 100%"]),
        ("_", []),
        ("🙂", ["A patient smiled at me 🙂 after a long night"]),
        ("🙂 *", []),
        ("^handover", ["The handover was late again"]),
        ("-5", ["Rated the new rota 5* and the break room 100%"]),
    ],
)
def test_awkward_queries(cli, journal, query: str, expected: list[str]) -> None:
    result = cli("search", "--json", "--", query)
    assert result.exit_code == 0, result.output
    assert [hit["title"] for hit in json.loads(result.stdout)] == expected


def test_and_is_a_word_not_an_operator(cli) -> None:
    cli("quick", "Salt and pepper")
    cli("quick", "Bread but no butter")
    assert titles(cli, "AND") == ["Salt and pepper"]
    assert titles(cli, "bread AND pepper") == []


def test_emoji_match_is_highlighted(store: Store, cli) -> None:
    cli("quick", "A patient smiled 🙂 and I smiled back 🙂")
    (hit,) = store.search("🙂")
    assert hit.snippet.count(f"{searching.MARK_START}🙂{searching.MARK_END}") == 2


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_exits_2(cli, journal, query: str) -> None:
    result = cli("search", query)
    assert result.exit_code == 2
    assert "nothing to search for" in result.stderr
    assert cli("search").exit_code == 2


def test_no_hits_is_kind(cli, journal) -> None:
    result = cli("search", "zebra")
    assert result.exit_code == 0
    assert "Nothing found for “zebra”" in result.stdout and "reflect list" in result.stdout
    assert found(cli, "zebra") == []


def test_number(cli) -> None:
    for day in range(1, 5):
        cli("quick", f"Handover number {day}", "--at", f"2026-01-0{day}")
    assert len(found(cli, "handover")) == 4
    assert len(found(cli, "-n", "2", "handover")) == 2
    assert len(found(cli, "handover", "--number", "3")) == 3
    assert cli("search", "-n", "0", "handover").exit_code == 2


def test_search_help_has_example(cli) -> None:
    result = cli("search", "--help")
    assert result.exit_code == 0 and "Example: reflect search" in result.stdout


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text())
def test_any_text_is_a_valid_query(cli, journal, query: str) -> None:
    result = cli("search", "--json", "--", query)
    if not query.strip():
        assert result.exit_code == 2
        return
    assert result.exit_code == 0, (query, result.output)
    assert isinstance(json.loads(result.stdout), list)


@pytest.fixture
def awkward_entry(cli) -> None:
    cli("quick", 'and or near NOT 🙂 % _ \\ * abc é "quoted"')


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.text(
        alphabet=st.sampled_from(list("abcAND ORNEAR()*\"^:-+{}'%_\\ 🙂\x00é")), min_size=1
    )
)
@example(query='NEAR(abc "é" AND')
@example(query="OR*")
@example(query="%")
def test_store_search_never_raises(store: Store, awkward_entry, query: str) -> None:
    hits = store.search(query)
    assert all(hit.title.startswith("and or near") for hit in hits)
    entry_words = {"and", "or", "near", "not", "abc", "é", "quoted"}
    query_words = searching.words(query)
    if query_words and all(word.casefold() in entry_words for word in query_words):
        assert hits  # made only of the entry's own words, so it must find it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("don't", ['"don"', '"t"']),
        ("C++", ['"C"']),
        ("AND OR NOT", ['"AND"', '"OR"', '"NOT"']),
        ('"unbalanced NEAR(', ['"unbalanced"', '"NEAR"']),
        ("Handover handover café_2", ['"Handover"', '"café"', '"2"']),
        ("🙂 * %", []),
    ],
)
def test_phrases_quote_each_word(text: str, expected: list[str]) -> None:
    assert searching.phrases(text) == expected


def test_query_starting_with_a_dash(cli) -> None:
    cli("quick", "Nausea after the new tablets")
    assert titles(cli, "--", "-nausea") == ["Nausea after the new tablets"]
    assert titles(cli, "-5mg") == []  # not taken for an unknown option
