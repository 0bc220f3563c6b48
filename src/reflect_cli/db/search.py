"""Search: ranked full-text search over titles and answers (FTS5, bm25), the slower search for
words spread over several answers, and literal search for text without words (emoji,
punctuation). Turning what a person types into a safe query, and cutting snippets, is pure
(core/searching.py); the SQL is here."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from reflect_cli.core import searching
from reflect_cli.core.searching import (
    SCAN_OVERLAP,
    SCAN_PIECE,
    SNIPPET_SOURCE,
    SNIPPET_WIDTH,
    SearchHit,
    free_marks,
    like_pattern,
    literal_snippet,
    occurrences,
    scan_pieces,
    spans_of_marks,
    window,
)
from reflect_cli.db.entries import ID_CHUNK

if TYPE_CHECKING:
    from reflect_cli.db.connection import Tables

FTS_TABLES = ("steps_fts", "entries_fts")  # full-text indexes over answers and titles
FTS_COLUMNS = {"entries": "title", "steps": "answer"}  # the column each one indexes
RANKED_MATCHES = 2000  # matches of one search that are ranked by relevance (the most recent)


class Search:
    """Searching finished entries (mixed into Store)."""

    db: Tables

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Finished entries holding every word of `query` (stemmed) in their title or answers,
        best first, one hit per entry. Any text is a valid query: each word is quoted, and text
        with no words at all (emoji, punctuation) is matched literally instead."""
        quoted = searching.phrases(query)
        if quoted:
            hits = self._search_ranked(quoted, limit)
            if len(hits) < limit and len(quoted) > 1:  # words spread over several answers
                hits = self._search_fts(quoted, limit)
            return hits
        pieces = searching.like_pieces(query)
        return self._search_literal(pieces, limit) if pieces else []

    def _search_ranked(self, quoted: list[str], limit: int) -> list[SearchHit]:
        """The fast way, for any size of journal: the best-ranked answers and titles holding
        every word (FTS5 ranks inside the index and stops at a limit), one hit per entry, a
        title match adding to its entry's score; snippets only for the hits shown. A word found
        in more than RANKED_MATCHES answers (or titles) is ranked among the most recent of them."""
        every = " ".join(quoted)
        pool = int(limit) * 4  # room for drafts and scale answers, filtered out below
        ranked_rows = {table: self._best_matches(table, every, pool) for table in FTS_TABLES}
        entry_of = self._for_rowids(
            "SELECT rowid, entry_id FROM steps WHERE kind != 'scale' AND rowid IN",
            ranked_rows["steps_fts"],
        )
        best: dict[str, tuple[float, str, int]] = {}  # entry id -> (score, table, fts rowid)
        for rowid, score in ranked_rows["steps_fts"]:
            entry_id = entry_of.get(rowid)
            if entry_id and (entry_id not in best or score < best[entry_id][0]):
                best[entry_id] = (score, "steps_fts", rowid)
        scores = {entry_id: score for entry_id, (score, _, _) in best.items()}
        titles = self._for_rowids(
            "SELECT rowid, id FROM entries WHERE rowid IN", ranked_rows["entries_fts"]
        )
        for rowid, score in ranked_rows["entries_fts"]:
            entry_id = titles[rowid]
            scores[entry_id] = scores.get(entry_id, 0.0) + score
            best.setdefault(entry_id, (score, "entries_fts", rowid))
        if not scores:
            return []
        rows = self.db.execute(
            "SELECT id, framework, created_at, title FROM entries"
            f" WHERE id IN ({','.join('?' * len(scores))}) AND +status = 'done'",
            list(scores),
        ).fetchall()
        ranked = sorted(rows, key=lambda row: row[2], reverse=True)  # newest first on ties
        ranked.sort(key=lambda row: scores[row[0]])
        ranked = ranked[: int(limit)]
        snippets = self._snippets([best[row[0]][1:] for row in ranked], " OR ".join(quoted))
        return [
            SearchHit(
                entry_id,
                framework,
                created_at,
                title or "",
                scores[entry_id],
                snippets.get(best[entry_id][1:], ""),
            )
            for entry_id, framework, created_at, title in ranked
        ]

    def _snippets(self, hits: list[tuple[str, int]], query: str) -> dict[tuple[str, int], str]:
        """The snippet of each (fts table, rowid) for the FTS5 `query`: made from the start of
        the text only (Snippets, below), so its cost is bounded whatever the text."""
        if not hits:
            return {}
        maker = Snippets()
        snippets: dict[tuple[str, int], str] = {}
        for table in FTS_TABLES:
            wanted = [rowid for name, rowid in hits if name == table]
            column = FTS_COLUMNS[table.removesuffix("_fts")]
            for chunk in range(0, len(wanted), ID_CHUNK):
                some = wanted[chunk : chunk + ID_CHUNK]
                for rowid, text in self.db.execute(
                    f"SELECT rowid, substr({column}, 1, ?) FROM {table}"
                    f" WHERE rowid IN ({','.join('?' * len(some))})",
                    [SNIPPET_SOURCE, *some],
                ):
                    snippets[(table, rowid)] = maker.of(text or "", query)
        return snippets

    def _best_matches(self, table: str, query: str, pool: int) -> list[tuple[int, float]]:
        """(rowid, bm25 score) of the `pool` best matches in an FTS table; past RANKED_MATCHES
        matches, only the most recent RANKED_MATCHES are ranked (bm25 over every match of a
        very common word would cost more than a search may spend)."""
        floor = self.db.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            [query, RANKED_MATCHES],
        ).fetchone()
        return self.db.execute(
            f"SELECT rowid, rank FROM {table} WHERE {table} MATCH ? AND rowid > ?"
            " ORDER BY rank LIMIT ?",
            [query, floor[0] if floor else 0, pool],
        ).fetchall()

    def _for_rowids(self, select: str, matches: list[tuple[int, float]]) -> dict[int, str]:
        """`select` (two columns, ending in `rowid IN`) for the rowids of these matches: the
        first column to the second, for the rows found."""
        return dict(
            self.db.execute(
                f"{select} ({','.join('?' * len(matches))})", [rowid for rowid, _ in matches]
            ).fetchall()
        )

    def _search_fts(self, quoted: list[str], limit: int) -> list[SearchHit]:
        """bm25 over titles and answers (scale answers left out). An entry must hold every word
        somewhere; its score is its title's plus its best answer's, and the snippet comes from
        that answer (else the title)."""
        holds_word = (
            "e.id IN (SELECT s.entry_id FROM steps s WHERE s.kind != 'scale' AND s.rowid IN"
            " (SELECT rowid FROM steps_fts WHERE steps_fts MATCH :w{n})"
            " UNION SELECT x.id FROM entries x WHERE x.rowid IN"
            " (SELECT rowid FROM entries_fts WHERE entries_fts MATCH :w{n}))"
        )
        every_word = " AND ".join(holds_word.format(n=n) for n in range(len(quoted)))
        sql = f"""
            WITH title_hits AS (
                SELECT rowid AS rid, bm25(entries_fts) AS score
                FROM entries_fts WHERE entries_fts MATCH :any
            ),
            step_hits AS (
                SELECT rowid AS rid, bm25(steps_fts) AS score
                FROM steps_fts WHERE steps_fts MATCH :any
            ),
            best_steps AS (
                SELECT entry_id, score, rid FROM (
                    SELECT s.entry_id, h.score, h.rid, row_number() OVER (
                        PARTITION BY s.entry_id ORDER BY h.score, s.position
                    ) AS n
                    FROM step_hits h JOIN steps s ON s.rowid = h.rid
                    WHERE s.kind != 'scale'
                ) WHERE n = 1
            ),
            titles AS (
                SELECT e.id AS entry_id, t.score, t.rid
                FROM title_hits t JOIN entries e ON e.rowid = t.rid
            )
            SELECT e.id, e.framework, e.created_at, e.title,
                   coalesce(t.score, 0) + coalesce(b.score, 0) AS score,
                   b.rid, t.rid
            FROM entries e
            LEFT JOIN titles t ON t.entry_id = e.id
            LEFT JOIN best_steps b ON b.entry_id = e.id
            WHERE e.status = 'done' AND (t.entry_id IS NOT NULL OR b.entry_id IS NOT NULL)
              AND {every_word}
            ORDER BY score, e.created_at DESC
            LIMIT :limit
        """
        params = {f"w{n}": phrase for n, phrase in enumerate(quoted)}
        params.update(any=" OR ".join(quoted), limit=int(limit))
        rows = self.db.execute(sql, params).fetchall()
        where = [  # the snippet comes from the best answer, else from the title
            ("steps_fts", step) if step is not None else ("entries_fts", title)
            for *_, step, title in rows
        ]
        snippets = self._snippets(where, params["any"])
        return [
            SearchHit(*row[:5], snippets.get(place, ""))
            for row, place in zip(rows, where, strict=True)
        ]

    def _search_literal(self, pieces: list[str], limit: int) -> list[SearchHit]:
        """Each piece appearing literally (case-insensitive) in the title or an answer; more
        occurrences (title plus best answer) rank higher, then newer entries."""
        any_like = " OR ".join("{column} LIKE ? ESCAPE '\\'" for _ in pieces)
        patterns = [like_pattern(piece) for piece in pieces]
        rows = self.db.execute(
            "SELECT e.id, e.framework, e.created_at, e.title, 0, e.title FROM entries e"
            f" WHERE e.status = 'done' AND ({any_like.format(column='e.title')})"
            " UNION ALL"
            " SELECT e.id, e.framework, e.created_at, e.title, s.position, s.answer"
            " FROM steps s JOIN entries e ON e.id = s.entry_id"
            " WHERE e.status = 'done' AND s.kind != 'scale'"
            f" AND ({any_like.format(column='s.answer')})"
            " ORDER BY 5",
            patterns + patterns,
        ).fetchall()
        found: dict[str, SearchHit] = {}
        seen: dict[str, set[str]] = {}
        title_counts: dict[str, int] = {}
        best_counts: dict[str, int] = {}
        for entry_id, framework, created_at, title, position, text in rows:
            hit = found.setdefault(
                entry_id, SearchHit(entry_id, framework, created_at, title or "", 0.0, "")
            )
            folded = text.casefold()
            seen.setdefault(entry_id, set()).update(p for p in pieces if p.casefold() in folded)
            count = occurrences(text, pieces)
            if position == 0:
                title_counts[entry_id] = count
                hit.snippet = literal_snippet(text, pieces)
            elif count > best_counts.get(entry_id, 0):
                best_counts[entry_id] = count
                hit.snippet = literal_snippet(text, pieces)
            hit.score = -float(title_counts.get(entry_id, 0) + best_counts.get(entry_id, 0))
        complete = [hit for hit in found.values() if len(seen[hit.entry_id]) == len(set(pieces))]
        ranked = sorted(complete, key=lambda h: h.created_at, reverse=True)
        ranked.sort(key=lambda h: h.score)
        return ranked[: int(limit)]


class Snippets:
    """Snippets for full-text hits, made in a small in-memory index of their own: the first
    match is looked for piece by piece in the first SCAN_CHARS of an answer, with the journal's
    tokenizer (so stemmed words match as in the search), and only the window around it is
    marked. The cost of a snippet is bounded whatever the answer's size or how often the word
    repeats (SQLite's snippet() grows with the square of the matches). In memory, so nothing of
    an encrypted journal reaches a temporary file."""

    def __init__(self) -> None:
        self.db = sqlite3.connect(":memory:", isolation_level=None)
        self.db.execute("CREATE VIRTUAL TABLE piece USING fts5(text, tokenize='porter')")

    def of(self, text: str, query: str) -> str:
        """The snippet of `text` for the FTS5 `query` (quoted words joined by OR)."""
        pieces = scan_pieces(text)
        self.db.execute("DELETE FROM piece")
        self.db.executemany("INSERT INTO piece (rowid, text) VALUES (?, ?)", enumerate(pieces))
        row = self.db.execute(
            "SELECT rowid FROM piece WHERE piece MATCH ? ORDER BY rowid LIMIT 1", [query]
        ).fetchone()
        if row is None:  # not in the part looked at (or only in a word cut by a piece)
            return window(text[:SNIPPET_WIDTH], [], cut_after=len(text) > SNIPPET_WIDTH)
        offset = row[0] * SCAN_PIECE
        region = text[offset : offset + SCAN_PIECE + SCAN_OVERLAP + SNIPPET_WIDTH]
        start, end = free_marks(region)
        self.db.execute("DELETE FROM piece")
        self.db.execute("INSERT INTO piece (rowid, text) VALUES (0, ?)", [region])
        marked = self.db.execute(
            "SELECT highlight(piece, 0, ?, ?) FROM piece WHERE piece MATCH ?", [start, end, query]
        ).fetchone()
        _, spans = spans_of_marks(marked[0] if marked else region, start, end)
        moved = [(first + offset, last + offset) for first, last in spans]
        shown_to = offset + len(region)
        return window(text[:shown_to], moved, cut_after=len(text) > shown_to)
