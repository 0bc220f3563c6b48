"""Turning a voice note into text on this machine, with nothing downloaded, ever.

The engine is chosen in the settings (`[voice] engine`): `pocketsphinx` (the default: its
English model ships inside its wheel, in the [voice] extra) gives a rough first draft;
`whisper` with `model = "/path"` uses the user's own Whisper model file, through pywhispercpp
(a whisper.cpp `ggml-*.bin` file) or faster-whisper (a CTranslate2 model folder), and is far
more accurate; `none` keeps voice notes without a transcript. A model is only ever read from
the path given: reflect never fetches one. Every engine takes 16 kHz mono 16-bit samples
(`speech_samples` makes them from any recording) and reports how far it has got, 0 to 1.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reflect_cli.core.audio import SPEECH_RATE, Pcm
from reflect_cli.core.recording import VOICE_EXTRA
from reflect_cli.errors import DataError

Progress = Callable[[float], None]
ENGINES = ("pocketsphinx", "whisper", "none")
# a narrower search than pocketsphinx's default: about twice as fast, and as good on speech
POCKETSPHINX_OPTIONS = {"maxhmmpf": 3000}


class NoTranscriber(DataError):
    """Transcription cannot run here (the extra or the model is missing): the audio is kept."""


class Engine:
    name = "engine"

    def transcribe(self, samples: bytes, progress: Progress) -> str:  # pragma: no cover
        raise NotImplementedError


def engine(name: str = "pocketsphinx", model: str | None = None) -> Engine | None:
    """The engine the settings name, ready to use; None for `none`. NoTranscriber, in plain
    words, where it cannot run here."""
    if name == "none":
        return None
    if name == "pocketsphinx":
        return PocketSphinx()
    if not model:
        raise NoTranscriber(
            'The whisper engine needs your model file: [voice] model = "/path/to/ggml-base.en.bin"'
            " in the settings.", "reflect never downloads a model; see the README's Voice notes.")
    path = Path(model).expanduser()
    if not path.exists():
        raise NoTranscriber(f"There is no Whisper model at {path}.",
                            "reflect never downloads one; give the path of a model you have.")
    return FasterWhisper(path) if path.is_dir() else WhisperCpp(path)


def transcript(engine: Engine, pcm: Pcm, progress: Progress) -> str:
    """The engine's text for `pcm`, tidied: sentences begin with a capital and end with a full
    stop. Any failure inside the engine is NoTranscriber, so the audio is still kept."""
    samples = speech_samples(pcm)
    try:
        text = engine.transcribe(samples, progress)
    except NoTranscriber:
        raise
    except Exception as exc:  # an engine's own failure: said plainly, the recording kept
        raise NoTranscriber(f"{engine.name} could not transcribe it ({type(exc).__name__}: "
                            f"{exc}).") from None
    progress(1.0)
    return text.strip()


def sentence(words: str) -> str:
    """'we gave antibiotics' -> 'We gave antibiotics.'"""
    words = " ".join(words.split())
    if not words:
        return ""
    words = words[0].upper() + words[1:]
    return words if words[-1] in ".?!" else words + "."


def speech_samples(pcm: Pcm) -> bytes:
    """`pcm` as 16 kHz mono 16-bit samples (what every engine takes), with numpy."""
    if (pcm.sample_rate, pcm.channels, pcm.sample_width) == (SPEECH_RATE, 1, 2):
        return pcm.frames
    np = _numpy()
    width = pcm.sample_width
    raw = np.frombuffer(pcm.frames, dtype=np.uint8).reshape(-1, width)
    if width == 1:  # unsigned 8-bit
        values = raw[:, 0].astype(np.float32) - 128.0
        scale = 128.0
    else:  # little-endian signed: the top byte carries the sign
        values = np.zeros(len(raw), dtype=np.int64)
        for index in range(width):
            values |= raw[:, index].astype(np.int64) << (8 * index)
        values = np.where(values >= 1 << (8 * width - 1), values - (1 << (8 * width)), values)
        scale = float(1 << (8 * width - 1))
        values = values.astype(np.float64)
    mono = values.reshape(-1, pcm.channels).mean(axis=1) / scale
    if pcm.sample_rate != SPEECH_RATE:
        ratio = pcm.sample_rate / SPEECH_RATE
        if ratio > 1:  # a plain low-pass first: average over each output sample's span
            span = max(1, round(ratio))
            mono = np.convolve(mono, np.ones(span) / span, mode="same")
        count = int(len(mono) / ratio)
        mono = np.interp(np.arange(count) * ratio, np.arange(len(mono)), mono)
    return (np.clip(mono, -1.0, 1.0) * 32767).astype("<i2").tobytes()


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:
        raise NoTranscriber(f"Transcribing needs the voice extra: {VOICE_EXTRA}") from None
    return numpy


class PocketSphinx(Engine):
    """CMU PocketSphinx 5 with the US English model inside its wheel: each stretch of speech
    (found by its voice activity detector) decoded as one utterance."""

    name = "pocketsphinx"

    def transcribe(self, samples: bytes, progress: Progress) -> str:
        try:
            from pocketsphinx import Decoder, Segmenter
        except ImportError:
            raise NoTranscriber(f"Transcribing needs the voice extra: {VOICE_EXTRA}") from None
        decoder = Decoder(samprate=SPEECH_RATE, loglevel="FATAL", **POCKETSPHINX_OPTIONS)
        total = max(len(samples) / (2 * SPEECH_RATE), 0.001)
        found = []
        segmenter = Segmenter(sample_rate=SPEECH_RATE)
        progress(0.02)  # the model is loaded
        for part in segmenter.segment(io.BytesIO(samples)):
            decoder.start_utt()
            decoder.process_raw(part.pcm, full_utt=True)
            decoder.end_utt()
            hypothesis = decoder.hyp()
            if hypothesis is not None and hypothesis.hypstr.strip():
                found.append(sentence(hypothesis.hypstr))
            progress(min(part.end_time / total, 0.99))
        return " ".join(found)


class WhisperCpp(Engine):
    """A whisper.cpp model file (ggml-*.bin) through pywhispercpp."""

    name = "whisper"

    def __init__(self, model: Path) -> None:
        self.model = model

    def transcribe(self, samples: bytes, progress: Progress) -> str:
        np = _numpy()
        try:
            from pywhispercpp.model import Model
        except ImportError:
            raise NoTranscriber(
                f"{self.model} is a whisper.cpp model; reading it needs pywhispercpp"
                " (pip install pywhispercpp).") from None
        audio = np.frombuffer(samples, dtype="<i2").astype(np.float32) / 32768
        total = max(len(audio) / SPEECH_RATE, 0.001)
        model = Model(str(self.model), n_threads=max(1, os.cpu_count() or 1),
                      print_progress=False, print_realtime=False)

        def heard(segment: Any) -> None:  # t1 is in hundredths of a second
            progress(min(getattr(segment, "t1", 0) / 100 / total, 0.99))

        segments = model.transcribe(audio, new_segment_callback=heard)
        return " ".join(s.text.strip() for s in segments if s.text.strip())


class FasterWhisper(Engine):
    """A CTranslate2 Whisper model folder through faster-whisper, read from disk only."""

    name = "whisper"

    def __init__(self, model: Path) -> None:
        self.model = model

    def transcribe(self, samples: bytes, progress: Progress) -> str:
        np = _numpy()
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never the network, whatever it is given
        try:
            from faster_whisper import WhisperModel
        except ImportError:
            raise NoTranscriber(
                f"{self.model} is a faster-whisper model folder; reading it needs"
                " faster-whisper (pip install faster-whisper).") from None
        audio = np.frombuffer(samples, dtype="<i2").astype(np.float32) / 32768
        total = max(len(audio) / SPEECH_RATE, 0.001)
        model = WhisperModel(str(self.model), device="cpu", compute_type="int8",
                             local_files_only=True)
        segments, _info = model.transcribe(audio)
        found = []
        for segment in segments:
            found.append(segment.text.strip())
            progress(min(segment.end / total, 0.99))
        return " ".join(t for t in found if t)
