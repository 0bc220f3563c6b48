"""Voice notes through the real command line (issue 13): `quick --audio`, `quick --record` (a
fake sounddevice stream), `write --audio STEP=FILE`, `show`, `list`, `review`, `search`,
`check`, `play` (a fake player on PATH), `audio --output`, export and import, encryption and
delete. The plumbing is asserted exactly; pocketsphinx's transcript by its key words."""

from __future__ import annotations

import gc
import json
import sys
import wave
from pathlib import Path

import pytest
from test_voice import ANTIBIOTICS, PAIN, fake_sounddevice, frames_of, missing_module
from typed_keys import SUBMIT, keys

from reflect_cli.core import transcribe
from reflect_cli.db.migrations import MIGRATIONS


class Heard(transcribe.Engine):
    """An engine that hears what the test says it does (instantly)."""

    name = "pocketsphinx"

    def __init__(self, text: str) -> None:
        self.text = text

    def transcribe(self, samples: bytes, progress) -> str:
        progress(0.5)
        return self.text


@pytest.fixture
def hears(monkeypatch):
    def set_text(text: str) -> None:
        monkeypatch.setattr(transcribe, "engine", lambda name="", model=None: Heard(text))

    return set_text


@pytest.fixture
def no_engine(isolated: Path) -> None:
    Path(isolated.parent.parent / "config.toml").write_text('[voice]\nengine = "none"\n')


def newest(cli) -> dict:
    return json.loads(cli("list", "--json", "-n", "1").stdout)[0]


def wav_frames(path: Path) -> tuple[bytes, int, int, int]:
    with wave.open(str(path)) as source:
        return (source.readframes(source.getnframes()), source.getframerate(),
                source.getnchannels(), source.getsampwidth())


def test_the_audio_migration_is_the_last() -> None:
    assert MIGRATIONS[-1].__name__ == "m007_audio"


# -- attaching a recording made elsewhere -----------------------------------------------------


def test_quick_audio_is_saved_shown_found_and_transcribed(cli) -> None:
    pytest.importorskip("pocketsphinx")
    result = cli("quick", "--audio", str(ANTIBIOTICS), "-t", "nights")
    assert result.exit_code == 0, result.output
    assert "Transcribed 0:03 with pocketsphinx" in result.stderr
    entry = newest(cli)
    assert [(a["step"], a["transcribed_by"], a["frames"]) for a in entry["audio"]] == [
        ("what_mattered", "pocketsphinx", len(frames_of(ANTIBIOTICS)) // 2)]
    shown = cli("show", entry["id"][:8]).stdout
    assert "voice note, 0:03" in shown and "transcribed by pocketsphinx" in shown
    assert "antibiotics" in shown.lower()
    answer = json.loads(cli("show", entry["id"], "--json").stdout)["steps"][0]["answer"]
    assert "antibiotics" in answer.lower()
    hits = json.loads(cli("search", "antibiotics", "--json").stdout)
    assert [hit["id"] for hit in hits] == [entry["id"]]
    assert "🎙" in cli("list").stdout
    review = cli("review", "--week")
    assert "🎙 0:03" in review.stdout
    assert json.loads(cli("review", "--json").stdout)["entries"][0]["audio_seconds"] == (
        pytest.approx(3.39, abs=0.01))


def test_written_back_sample_identical_and_played_out(cli, no_engine, tmp_path, monkeypatch,
                                                      db_path):
    assert cli("quick", "--audio", str(PAIN)).exit_code == 0
    entry_id = newest(cli)["id"][:8]
    out = tmp_path / "back.wav"
    result = cli("audio", entry_id, "--output", str(out))
    assert result.exit_code == 0, result.output
    assert wav_frames(out) == (frames_of(PAIN), 16000, 1, 2)
    assert cli("audio", entry_id, "--output", str(out)).exit_code == 2  # exists: --force
    assert cli("audio", entry_id, "--output", str(out), "--force").exit_code == 0
    refused = cli("audio", entry_id, "--output", str(db_path), "--force")
    assert refused.exit_code == 1 and "your journal" in refused.stderr

    player_dir = tmp_path / "bin"
    player_dir.mkdir()
    played = tmp_path / "played.wav"
    (player_dir / "aplay").write_text(  # aplay -q FILE: keeps what it was given to play
        f"#!{sys.executable}\nimport shutil, sys\nshutil.copy(sys.argv[-1], {str(played)!r})\n")
    (player_dir / "aplay").chmod(0o755)
    monkeypatch.setenv("PATH", str(player_dir))
    result = cli("play", entry_id)
    assert result.exit_code == 0, result.output
    assert wav_frames(played) == (frames_of(PAIN), 16000, 1, 2)
    (player_dir / "aplay").unlink()
    result = cli("play", entry_id)
    assert result.exit_code == 1
    assert "no audio player" in result.stderr and "Traceback" not in result.output
    assert cli("play", "zzzzzzzz").exit_code == 1


def test_an_entry_without_a_voice_note_says_so(cli) -> None:
    assert cli("quick", "Typed, not spoken").exit_code == 0
    result = cli("audio", newest(cli)["id"][:8], "--output", "x.wav")
    assert result.exit_code == 1 and "has no voice note" in result.stderr


def test_other_formats_need_a_converter(cli, tmp_path, monkeypatch) -> None:
    memo = tmp_path / "memo.m4a"
    memo.write_bytes(b"\x00\x00\x00\x20ftypM4A " + bytes(64))
    monkeypatch.setenv("PATH", str(tmp_path))
    result = cli("quick", "--audio", str(memo))
    assert result.exit_code == 1
    assert "needs ffmpeg or sox" in result.stderr and "Traceback" not in result.output
    assert cli("list", "--json").stdout.strip() == "[]"


def test_write_with_audio_for_a_step(cli, hears, exported) -> None:
    hears("The handover was rushed.")
    result = cli("write", "rolfe", "--answers", "-", "--audio", f"what={PAIN}",
                 input="so_what: It matters\nnow_what: Use SBAR\n")
    assert result.exit_code == 0, result.output
    entry = exported()[0]
    assert [s["answer"] for s in entry["steps"]] == [
        "The handover was rushed.", "It matters", "Use SBAR"]
    assert [a["step"] for a in entry["audio"]] == ["what"]


@pytest.mark.parametrize(
    ("audio", "said"),
    [("nope=x.wav", "has no step 'nope'"), ("what", "give the step and the file"),
     ("what={PAIN}", "has an answer in --answers and a voice note")],
)
def test_write_audio_mistakes_are_usage_errors(cli, no_engine, audio, said) -> None:
    result = cli("write", "rolfe", "--answers", "-", "--audio", audio.format(PAIN=PAIN),
                 input="what: Typed\n")
    assert result.exit_code == 2 and said in result.stderr
    assert cli("list", "--json").stdout.strip() == "[]"


def test_a_voice_note_cannot_answer_a_scale(cli, no_engine) -> None:
    result = cli("write", "quick", "--answers", "-", "--audio", f"mood={PAIN}",
                 input="kindness: Tea\n")
    assert result.exit_code == 2 and "not in words" in result.stderr


def test_without_the_extra_the_voice_note_is_kept_untranscribed(cli, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pocketsphinx", None)  # as if not installed
    result = cli("quick", "--audio", str(PAIN))
    assert result.exit_code == 0, result.output
    assert "pip install 'reflect-cli[voice]'" in result.stderr
    entry = newest(cli)
    assert entry["title"] == "Voice note"
    assert [a["transcribed_by"] for a in entry["audio"]] == [None]


# -- the identifier guard, check and --redact on a transcript -------------------------------


def test_a_transcript_passes_the_guard_like_typed_text(cli, hears) -> None:
    hears("I rang her son on 0712 345 678 after the ward round.")
    result = cli("quick", "--audio", str(PAIN))
    assert result.exit_code == 0
    assert "could identify someone" in result.stderr and "0712 345 678" in result.stderr
    checked = json.loads(cli("check", "--json").stdout)
    assert checked["marked"] == 1
    kept_out = cli("export")
    assert json.loads(kept_out.stdout)["entries"] == []
    redacted = json.loads(cli("export", "--redact").stdout)["entries"]
    assert "0712 345 678" not in json.dumps(redacted) and "[phone]" in json.dumps(redacted)


# -- export and import ------------------------------------------------------------------------


def test_export_leaves_the_audio_out_unless_asked_and_import_round_trips(
    cli, no_engine, tmp_path, exported
) -> None:
    assert cli("quick", "--audio", str(ANTIBIOTICS)).exit_code == 0
    assert cli("quick", "No voice here").exit_code == 0
    plain = cli("export")
    assert "The audio of 1 voice note was left out" in plain.stderr
    [note] = json.loads(plain.stdout)["entries"][0]["audio"]
    assert "data" not in note and note["seconds"] == pytest.approx(3.39, abs=0.01)
    with_audio = tmp_path / "with-audio.json"
    result = cli("export", "--include-audio", "-o", str(with_audio))
    assert result.exit_code == 0 and "cannot be redacted" in result.stderr
    document = json.loads(with_audio.read_text())
    assert document["entries"][0]["audio"][0]["codec"] == "zlib"

    other = tmp_path / "other.db"
    assert cli("--db", str(other), "import", str(with_audio)).exit_code == 0
    assert cli("--db", str(other), "import", str(with_audio)).stdout.count("0 new") == 1
    again = json.loads(cli("--db", str(other), "export", "--include-audio").stdout)
    assert again["entries"] == document["entries"]
    back = tmp_path / "back.wav"
    entry_id = document["entries"][0]["id"][:8]
    assert cli("--db", str(other), "audio", entry_id, "-o", str(back)).exit_code == 0
    assert wav_frames(back)[0] == frames_of(ANTIBIOTICS)

    without = tmp_path / "without.json"
    without.write_text(plain.stdout)
    bare = tmp_path / "bare.db"
    assert cli("--db", str(bare), "import", str(without)).exit_code == 0
    assert json.loads(cli("--db", str(bare), "list", "--json").stdout)[1]["audio"] == []
    # an export without the audio, imported where the audio is, takes nothing away
    assert cli("--db", str(other), "import", str(without)).exit_code == 0
    assert cli("--db", str(other), "audio", entry_id, "-o", str(back), "--force").exit_code == 0


def test_damaged_audio_in_an_export_imports_nothing(cli, no_engine, tmp_path) -> None:
    assert cli("quick", "--audio", str(PAIN)).exit_code == 0
    document = json.loads(cli("export", "--include-audio").stdout)
    document["entries"][0]["audio"][0]["data"] = document["entries"][0]["audio"][0]["data"][:-8]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document))
    other = tmp_path / "other.db"
    result = cli("--db", str(other), "import", str(broken))
    assert result.exit_code == 1 and "entries[0].audio[0].data" in result.stderr
    assert json.loads(cli("--db", str(other), "list", "--json").stdout) == []


@pytest.mark.parametrize("options", [("-f", "markdown"), ("--redact",)])
def test_include_audio_goes_with_json_only_and_not_with_redact(cli, options) -> None:
    result = cli("export", "--include-audio", *options)
    assert result.exit_code == 2 and "--include-audio" in result.stderr


def test_markdown_names_the_voice_note(cli, hears) -> None:
    hears("We talked about the pain medicine.")
    assert cli("quick", "--audio", str(PAIN)).exit_code == 0
    markdown = cli("export", "-f", "markdown")
    assert "voice note, 0:03" in markdown.stdout
    assert "transcribed by pocketsphinx" in markdown.stdout
    assert "is not in a markdown export" in markdown.stderr


# -- kept safely: encrypted, deleted ----------------------------------------------------------


def test_an_encrypted_journal_with_audio_needs_the_passphrase(cli, no_engine, db_path,
                                                               monkeypatch, tmp_path) -> None:
    pytest.importorskip("sqlcipher3")
    from reflect_cli.db import crypto

    monkeypatch.setattr(crypto, "_typed", {})
    monkeypatch.delenv("REFLECT_PASSPHRASE", raising=False)
    assert cli("quick", "--audio", str(PAIN)).exit_code == 0
    packed = json.loads(cli("export", "--include-audio").stdout)["entries"][0]["audio"][0]
    import base64

    blob = base64.b64decode(packed["data"])
    gc.collect()
    assert blob[100:160] in db_path.read_bytes()  # plain: the bytes are there to see
    monkeypatch.setenv("REFLECT_PASSPHRASE", "night shift")
    assert cli("encrypt").exit_code == 0
    gc.collect()
    assert blob[100:160] not in db_path.read_bytes()
    monkeypatch.delenv("REFLECT_PASSPHRASE")
    monkeypatch.setattr(crypto, "_typed", {})
    out = tmp_path / "x.wav"
    locked = cli("audio", "00000000", "-o", str(out))  # the journal cannot even be opened
    assert locked.exit_code != 0 and not out.exists() and "Traceback" not in locked.output
    monkeypatch.setenv("REFLECT_PASSPHRASE", "wrong phrase")
    assert cli("list").exit_code == 1
    monkeypatch.setenv("REFLECT_PASSPHRASE", "night shift")
    entry_id = newest(cli)["id"][:8]
    assert cli("audio", entry_id, "-o", str(out)).exit_code == 0
    assert wav_frames(out)[0] == frames_of(PAIN)


def test_a_backup_holds_the_voice_notes(cli, no_engine, tmp_path) -> None:
    assert cli("quick", "--audio", str(PAIN)).exit_code == 0
    assert cli("backup", str(tmp_path / "copy.db")).exit_code == 0
    out = tmp_path / "from-backup.wav"
    entry_id = newest(cli)["id"][:8]
    assert cli("--db", str(tmp_path / "copy.db"), "audio", entry_id, "-o", str(out)).exit_code == 0
    assert wav_frames(out)[0] == frames_of(PAIN)


def test_delete_removes_the_voice_note_from_the_file(cli, no_engine, db_path) -> None:
    assert cli("quick", "--audio", str(PAIN)).exit_code == 0
    packed = json.loads(cli("export", "--include-audio").stdout)["entries"][0]["audio"][0]
    import base64

    blob = base64.b64decode(packed["data"])
    entry_id = newest(cli)["id"]
    assert cli("delete", entry_id[:8], "--yes").exit_code == 0
    gc.collect()
    files = b"".join(p.read_bytes() for p in db_path.parent.iterdir() if p.is_file())
    assert blob[100:160] not in files
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM audio").fetchone()[0] == 0


# -- recording --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "said"),
    [(ImportError, "pip install 'reflect-cli[voice]'"), (OSError, "PortAudio")],
)
def test_record_without_the_extra_or_portaudio_is_a_plain_message(cli, monkeypatch, tmp_path,
                                                                   error, said) -> None:
    missing_module(monkeypatch, error)  # no sounddevice; or sounddevice, but no PortAudio
    monkeypatch.setenv("PATH", str(tmp_path))  # and no arecord or rec
    result = cli("quick", "--record")
    assert result.exit_code == 1
    assert result.stderr.startswith("reflect: I could not record here")
    assert said in result.stderr and 'reflect quick "…"' in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2 and "Traceback" not in result.output


def test_record_with_no_input_device_says_so(cli, monkeypatch, tmp_path) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice(
        b"", fail=RuntimeError("Error querying device -1")))
    monkeypatch.setenv("PATH", str(tmp_path))
    result = cli("quick", "--record")
    assert result.exit_code == 1
    assert "(sounddevice: Error querying device -1)" in result.stderr
    assert "microphone is plugged in" in result.stderr


def test_record_without_a_terminal_is_a_usage_error(cli, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice(frames_of(PAIN)))
    result = cli("quick", "--record")
    assert result.exit_code == 2 and "no terminal" in result.stderr


def test_record_at_a_terminal_then_the_quick_steps(cli, hears, monkeypatch, exported) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice(frames_of(PAIN)))
    hears("We talked about the pain medicine")
    cli.terminal = True
    # Enter stops the recording; then mood (4), the transcript as it is, kindness, tomorrow
    with keys("\x1b[B\x1b[B\x1b[B\r" + SUBMIT + "A cup of tea" + SUBMIT + "Rest" + SUBMIT):
        result = cli("quick", "--record", input="\n")
    assert result.exit_code == 0, result.output
    assert "Recorded 0:03" in result.stdout
    assert "pocketsphinx has written down what it heard" in result.stdout
    [entry] = exported()
    assert entry["mood"] == 4
    assert [s["answer"] for s in entry["steps"]] == [
        "4", "We talked about the pain medicine", "A cup of tea", "Rest"]
    assert [a["frames"] for a in entry["audio"]] == [len(frames_of(PAIN)) // 2]


def test_no_microphone_at_a_terminal_offers_typing(cli, monkeypatch, tmp_path) -> None:
    missing_module(monkeypatch, ImportError)
    monkeypatch.setenv("PATH", str(tmp_path))
    cli.terminal = True
    result = cli("quick", "--record", input="n\n")
    assert result.exit_code == 1
    assert "type your reflection instead" in result.output
    assert "No voice note was made" in result.stderr
    with keys("\r" + "Typed instead" + SUBMIT + SUBMIT + SUBMIT):
        result = cli("quick", "--record", input="y\n")
    assert result.exit_code == 0, result.output
    assert newest(cli)["title"] == "Typed instead"


def test_ctrl_c_while_recording_keeps_it_as_a_draft(cli, monkeypatch) -> None:
    from reflect_cli.output import recording

    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice(frames_of(PAIN)))

    def interrupted(recorder, limit):
        raise KeyboardInterrupt

    monkeypatch.setattr(recording, "record", interrupted)
    cli.terminal = True
    result = cli("quick", "--record")
    assert result.exit_code == 130
    assert "kept as a draft" in result.stderr and "reflect resume" in result.stderr
    [draft] = json.loads(cli("drafts", "--json").stdout)
    assert draft["framework"] == "quick"


def test_at_a_terminal_the_transcript_meets_the_guard_as_typed_text_does(cli, hears) -> None:
    hears("I rang her son on 0712 345 678 after the ward round.")
    cli.terminal = True
    # mood 1; the transcript as it is; the guard asks: keep it (the second choice); then the rest
    with keys("\r" + SUBMIT + "\x1b[B\r" + "Tea" + SUBMIT + "Rest" + SUBMIT):
        result = cli("quick", "--audio", str(PAIN))
    assert result.exit_code == 0, result.output
    assert "may identify someone" in result.stdout and "0712 345 678" in result.stdout
    assert json.loads(cli("check", "--json").stdout)["marked"] == 1
    [note] = newest(cli)["audio"]
    assert note["transcribed_by"] == "pocketsphinx"
