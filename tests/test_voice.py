"""Voice notes below the command line: the codec and WAV files (core/audio.py), converting other
formats, the recorders (core/recording.py) through a fake sounddevice stream and a fake
`arecord`, and the engines (core/transcribe.py): pocketsphinx on the spoken fixtures, judged by
keywords; the Whisper engines through stand-ins, since no model file ships."""

from __future__ import annotations

import shutil
import sys
import types
import wave
from pathlib import Path

import pytest

from reflect_cli.core import audio, recording, transcribe
from reflect_cli.errors import DataError

DATA = Path(__file__).parent / "data"
ANTIBIOTICS = DATA / "voice_antibiotics.wav"  # "We gave antibiotics within the hour."
PAIN = DATA / "voice_pain_medicine.wav"  # "We talked about the pain medicine."


def frames_of(path: Path) -> bytes:
    with wave.open(str(path)) as source:
        return source.readframes(source.getnframes())


def test_the_fixtures_are_small_16_khz_mono_speech() -> None:
    total = 0
    for path in sorted(DATA.glob("voice_*.wav")):
        with wave.open(str(path)) as source:
            assert (source.getframerate(), source.getnchannels(), source.getsampwidth()) == (
                16000, 1, 2)
            assert 2 < source.getnframes() / 16000 < 6
        total += path.stat().st_size
    assert 0 < total < 300_000


def test_the_codec_is_lossless_and_smaller() -> None:
    pcm = audio.load(ANTIBIOTICS)
    packed = audio.pack(pcm)
    assert len(packed) < 0.9 * len(pcm.frames)
    back = audio.unpack(audio.CODEC, packed, pcm.sample_rate, pcm.channels, pcm.sample_width,
                        pcm.frame_count)
    assert back == pcm and back.frames == frames_of(ANTIBIOTICS)
    assert audio.wav_bytes(back)[:4] == b"RIFF"


def test_damaged_or_unknown_audio_is_a_plain_error() -> None:
    pcm = audio.load(PAIN)
    packed = audio.pack(pcm)
    with pytest.raises(DataError, match="damaged"):
        audio.unpack(audio.CODEC, packed[:-40], 16000, 1, 2, pcm.frame_count)
    with pytest.raises(DataError, match="damaged"):
        audio.unpack(audio.CODEC, packed, 16000, 1, 2, pcm.frame_count + 1)
    with pytest.raises(DataError, match="cannot read"):
        audio.unpack("flac", packed, 16000, 1, 2, pcm.frame_count)


def test_a_wav_of_any_layout_is_kept_as_it_is(tmp_path: Path) -> None:
    stereo = tmp_path / "stereo.wav"
    frames = bytes(range(256)) * 60  # 8-bit samples, two channels
    with wave.open(str(stereo), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(1)
        out.setframerate(44100)
        out.writeframes(frames)
    pcm = audio.load(stereo)
    assert (pcm.sample_rate, pcm.channels, pcm.sample_width, pcm.frames) == (44100, 2, 1, frames)


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "no sound"), (b"RIFF\x00\x00\x00\x00WAVEjunk", "cannot read"), (None, "no file")],
)
def test_files_that_are_not_recordings(tmp_path: Path, monkeypatch, content, problem) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no ffmpeg, no sox
    path = tmp_path / "memo.wav"
    if content is not None:
        if content:
            path.write_bytes(content)
        else:
            path.write_bytes(audio.wav_bytes(audio.Pcm(b"")))
    with pytest.raises(DataError, match=problem):
        audio.load(path)


def test_another_format_without_ffmpeg_or_sox_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    memo = tmp_path / "memo.m4a"
    memo.write_bytes(b"\x00\x00\x00\x20ftypM4A " + bytes(100))
    with pytest.raises(DataError) as caught:
        audio.load(memo)
    assert "an m4a file" in caught.value.message and "ffmpeg or sox" in caught.value.message
    assert "Install ffmpeg" in (caught.value.hint or "")


@pytest.mark.skipif(not shutil.which("ffmpeg") and not shutil.which("sox"),
                    reason="neither ffmpeg nor sox is here")
def test_another_format_is_converted_to_16_khz_mono(tmp_path: Path) -> None:
    import subprocess

    ogg = tmp_path / "memo.ogg"
    if shutil.which("ffmpeg"):
        command = ["ffmpeg", "-loglevel", "error", "-i", str(ANTIBIOTICS), "-ar", "22050",
                   "-ac", "2", "-c:a", "libvorbis", str(ogg)]
    else:
        command = ["sox", str(ANTIBIOTICS), "-r", "22050", "-c", "2", str(ogg)]
    if subprocess.run(command, capture_output=True, check=False).returncode != 0:
        pytest.skip("this ffmpeg or sox cannot write ogg")
    pcm = audio.load(ogg)
    assert (pcm.sample_rate, pcm.channels, pcm.sample_width) == (16000, 1, 2)
    assert abs(pcm.seconds - audio.load(ANTIBIOTICS).seconds) < 0.2


def test_a_converter_that_fails_is_said_plainly(tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "ffmpeg"
    fake.write_text("#!/bin/sh\necho 'memo.m4a: Invalid data found when processing input' >&2\n"
                    "exit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    memo = tmp_path / "memo.m4a"
    memo.write_bytes(b"not sound")
    with pytest.raises(DataError, match="Invalid data found"):
        audio.load(memo)


def test_too_long_is_refused() -> None:
    with pytest.raises(DataError, match="too long"):
        audio.checked(audio.Pcm(bytes(audio.MAX_PCM_BYTES + 2)), "memo.wav")


# -- recording --------------------------------------------------------------------------------


def fake_sounddevice(frames: bytes, *, fail: Exception | None = None) -> types.ModuleType:
    """A stand-in for sounddevice whose raw input stream delivers `frames` as soon as it
    starts, in blocks, as PortAudio's callback would."""
    module = types.ModuleType("sounddevice")

    class RawInputStream:
        def __init__(self, *, samplerate, channels, dtype, blocksize, device, callback):
            assert (samplerate, channels, dtype) == (16000, 1, "int16")
            if fail is not None:
                raise fail
            self.callback, self.block = callback, blocksize * 2
            self.device = device

        def start(self):
            for start in range(0, len(frames), self.block):
                chunk = frames[start : start + self.block]
                self.callback(memoryview(chunk), len(chunk) // 2, None, None)

        def stop(self):
            pass

        def close(self):
            pass

    module.RawInputStream = RawInputStream
    return module


def test_sounddevice_records_what_the_stream_gives(monkeypatch) -> None:
    frames = frames_of(PAIN)
    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice(frames))
    recorder = recording.start_recorder()
    assert recorder.name == "sounddevice"
    assert recorder.level > 0
    pcm = recorder.stop()
    assert pcm.frames == frames and (pcm.sample_rate, pcm.channels) == (16000, 1)


def missing_module(monkeypatch, error: type[BaseException]) -> None:
    import builtins

    real = builtins.__import__

    def refusing(name, *args, **kwargs):
        if name == "sounddevice":
            raise error("PortAudio library not found" if error is OSError else name)
        return real(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(builtins, "__import__", refusing)


@pytest.mark.parametrize(
    ("error", "said", "hint"),
    [(ImportError, "sounddevice is not installed", "pip install 'reflect-cli[voice]'"),
     (OSError, "sounddevice cannot find the PortAudio library", "apt install libportaudio2")],
)
def test_without_the_extra_or_portaudio_and_no_programs(monkeypatch, tmp_path, error, said,
                                                        hint):
    missing_module(monkeypatch, error)
    monkeypatch.setenv("PATH", str(tmp_path))  # no arecord, no rec
    with pytest.raises(recording.NoMicrophone) as caught:
        recording.start_recorder()
    assert caught.value.message == f"I could not record here ({said})."
    assert hint in (caught.value.hint or "")


def test_no_input_device_falls_back_to_arecord(monkeypatch, tmp_path) -> None:
    frames = frames_of(ANTIBIOTICS)
    monkeypatch.setitem(sys.modules, "sounddevice",
                        fake_sounddevice(b"", fail=ValueError("No input device matching")))
    (tmp_path / "fixture.raw").write_bytes(frames)
    arecord = tmp_path / "arecord"
    arecord.write_text(f"#!/bin/sh\ncat {tmp_path / 'fixture.raw'}\nexec sleep 30\n")
    arecord.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    monkeypatch.setattr(shutil, "which", lambda name: str(arecord) if name == "arecord" else None)
    recorder = recording.start_recorder()
    assert recorder.name == "arecord"
    import time

    deadline = time.monotonic() + 5
    while recorder.level == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)
    assert recorder.stop().frames == frames


def test_each_fallback_runs_its_own_program(monkeypatch, tmp_path) -> None:
    missing_module(monkeypatch, ImportError)
    frames = frames_of(PAIN)
    (tmp_path / "fixture.raw").write_bytes(frames)
    (tmp_path / "arecord").write_text(f"#!/bin/sh\ncat {tmp_path / 'fixture.raw'}\nexec sleep 30\n")
    (tmp_path / "rec").write_text("#!/bin/sh\necho 'rec FAIL sox: no default audio device' >&2\n"
                                  "exit 1\n")
    for name in ("arecord", "rec"):
        (tmp_path / name).chmod(0o755)
    monkeypatch.setattr(shutil, "which", lambda name: str(tmp_path / name)
                        if name in ("arecord", "rec") else None)
    recorder = recording.start_recorder()
    assert recorder.name == "arecord" and recorder.command[0].endswith("arecord")
    assert "-D" not in recorder.command
    recorder.stop()
    with_device = recording.candidates("hw:1,0")[1]()
    assert with_device.command[-2:] == ["-D", "hw:1,0"]


def test_a_recording_program_that_fails_at_once_is_said(monkeypatch, tmp_path) -> None:
    missing_module(monkeypatch, ImportError)
    arecord = tmp_path / "arecord"
    arecord.write_text("#!/bin/sh\necho 'arecord: main:831: audio open error: No such file' >&2"
                       "\nexit 1\n")
    arecord.chmod(0o755)
    monkeypatch.setattr(shutil, "which", lambda name: str(arecord) if name == "arecord" else None)
    with pytest.raises(recording.NoMicrophone, match=r"; arecord: audio open error: No such"):
        recording.start_recorder()


# -- transcribing -----------------------------------------------------------------------------


def test_samples_of_any_layout_become_16_khz_mono() -> None:
    pytest.importorskip("numpy")
    pcm = audio.load(PAIN)
    assert transcribe.speech_samples(pcm) == pcm.frames
    import numpy as np

    mono = np.frombuffer(pcm.frames, dtype="<i2")
    stereo = np.repeat(mono, 2)  # the same sound in both channels
    upsampled = np.repeat(stereo.reshape(-1, 2), 3, axis=0).reshape(-1)  # 48 kHz
    wide = audio.Pcm(upsampled.astype("<i2").tobytes(), 48000, 2, 2)
    back = np.frombuffer(transcribe.speech_samples(wide), dtype="<i2")
    assert abs(len(back) - len(mono)) <= 1
    same = min(len(back), len(mono))
    error = np.abs(back[:same].astype(int) - mono[:same]).mean()
    assert error < 0.2 * np.abs(mono.astype(int)).mean()  # the same sound, near enough
    thirty_two = audio.Pcm((mono.astype("<i4") << 16).astype("<i4").tobytes(), 16000, 1, 4)
    assert np.abs(np.frombuffer(transcribe.speech_samples(thirty_two), "<i2") - mono).max() <= 1


@pytest.mark.parametrize(
    ("fixture", "words"),
    [(ANTIBIOTICS, {"antibiotics"}), (PAIN, {"pain", "medicine", "talked"})],
)
def test_pocketsphinx_hears_the_key_words(fixture: Path, words: set[str]) -> None:
    pytest.importorskip("pocketsphinx")
    seen: list[float] = []
    text = transcribe.transcript(transcribe.engine("pocketsphinx"), audio.load(fixture),
                                 seen.append)
    assert words <= set(text.lower().replace(".", "").split())
    assert text[0].isupper() and text.endswith(".")
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_the_engines_the_settings_name(tmp_path: Path) -> None:
    assert transcribe.engine("none") is None
    assert transcribe.engine("pocketsphinx").name == "pocketsphinx"
    with pytest.raises(transcribe.NoTranscriber, match="needs your model file"):
        transcribe.engine("whisper", None)
    with pytest.raises(transcribe.NoTranscriber, match="There is no Whisper model") as caught:
        transcribe.engine("whisper", str(tmp_path / "ggml-base.en.bin"))
    assert "never downloads" in (caught.value.hint or "")
    model = tmp_path / "ggml-base.en.bin"
    model.write_bytes(b"ggml")
    assert isinstance(transcribe.engine("whisper", str(model)), transcribe.WhisperCpp)
    assert isinstance(transcribe.engine("whisper", str(tmp_path)), transcribe.FasterWhisper)


def test_whisper_cpp_is_handed_the_model_file_and_the_samples(tmp_path, monkeypatch) -> None:
    pytest.importorskip("numpy")
    model_file = tmp_path / "ggml-base.en.bin"
    model_file.write_bytes(b"ggml")
    made: dict = {}

    class Segment:
        def __init__(self, text, t1):
            self.text, self.t1 = text, t1

    class Model:
        def __init__(self, path, **options):
            made["path"], made["options"] = path, options

        def transcribe(self, samples, new_segment_callback):
            made["seconds"] = len(samples) / 16000
            segment = Segment(" We gave antibiotics within the hour.", 300)
            new_segment_callback(segment)
            return [segment]

    package = types.ModuleType("pywhispercpp")
    module = types.ModuleType("pywhispercpp.model")
    module.Model = Model
    monkeypatch.setitem(sys.modules, "pywhispercpp", package)
    monkeypatch.setitem(sys.modules, "pywhispercpp.model", module)
    seen: list[float] = []
    engine = transcribe.engine("whisper", str(model_file))
    text = transcribe.transcript(engine, audio.load(ANTIBIOTICS), seen.append)
    assert text == "We gave antibiotics within the hour."
    assert made["path"] == str(model_file) and abs(made["seconds"] - 3.39) < 0.1
    assert seen[-1] == 1.0


def test_faster_whisper_reads_the_folder_only(tmp_path, monkeypatch) -> None:
    pytest.importorskip("numpy")
    made: dict = {}

    class Segment:
        text, end = " We talked about the pain medicine.", 3.0

    class WhisperModel:
        def __init__(self, path, **options):
            made["path"], made["options"] = path, options

        def transcribe(self, samples):
            return iter([Segment()]), None

    module = types.ModuleType("faster_whisper")
    module.WhisperModel = WhisperModel
    monkeypatch.setitem(sys.modules, "faster_whisper", module)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    engine = transcribe.engine("whisper", str(tmp_path))
    assert transcribe.transcript(engine, audio.load(PAIN), lambda f: None) == (
        "We talked about the pain medicine.")
    assert made["options"]["local_files_only"] is True
    import os

    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_a_missing_whisper_library_is_said_plainly(tmp_path, monkeypatch) -> None:
    pytest.importorskip("numpy")
    model_file = tmp_path / "ggml-base.en.bin"
    model_file.write_bytes(b"ggml")
    monkeypatch.setitem(sys.modules, "pywhispercpp", None)
    monkeypatch.setitem(sys.modules, "pywhispercpp.model", None)
    with pytest.raises(transcribe.NoTranscriber, match="needs pywhispercpp"):
        transcribe.transcript(transcribe.engine("whisper", str(model_file)),
                              audio.load(PAIN), lambda f: None)


def test_an_engine_failing_inside_is_a_plain_error() -> None:
    class Broken(transcribe.Engine):
        name = "broken"

        def transcribe(self, samples, progress):
            raise RuntimeError("out of memory")

    with pytest.raises(transcribe.NoTranscriber, match=r"broken could not transcribe it"):
        transcribe.transcript(Broken(), audio.load(PAIN), lambda f: None)
