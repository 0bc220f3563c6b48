"""Recording from the microphone: with `sounddevice` (PortAudio, the [voice] extra) where it
works, else with `arecord` (ALSA) or sox's `rec`, whichever the machine has. Each recorder
takes 16 kHz mono 16-bit samples, knows how loud the last moment was (for the meter), and
gives back what it heard when stopped. `start_recorder` tries them in turn and, where none can
record, raises `NoMicrophone` saying what was tried and what to install: never a traceback.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from typing import Any

from reflect_cli.core.audio import MAX_PCM_BYTES, SPEECH_RATE, Pcm, peak
from reflect_cli.errors import DataError

BLOCK_FRAMES = 1600  # a tenth of a second: how often the meter moves
START_SECONDS = 0.4  # how long a recording program is watched for failing at once
VOICE_EXTRA = "pip install 'reflect-cli[voice]'"
MISSING_EXTRA = "sounddevice is not installed"
MISSING_PORTAUDIO = "sounddevice cannot find the PortAudio library"


class NoMicrophone(DataError):
    """Nothing here can record: no extra, no PortAudio, no input device, no arecord or rec."""


class Recorder:
    """What every recorder does: take chunks of samples as they come, and keep them."""

    name = "recorder"

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._size = 0
        self._level = 0.0
        self._lock = threading.Lock()
        self.started = 0.0

    def take(self, chunk: bytes) -> None:
        with self._lock:
            if self._size + len(chunk) > MAX_PCM_BYTES:  # never more than a voice note holds
                return
            self._chunks.append(chunk)
            self._size += len(chunk)
        self._level = peak(chunk)

    @property
    def level(self) -> float:
        """How loud the last tenth of a second was, 0 to 1."""
        return self._level

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started if self.started else 0.0

    def start(self) -> None:  # pragma: no cover - each recorder has its own
        raise NotImplementedError

    def finish(self) -> None:  # pragma: no cover
        raise NotImplementedError

    def stop(self) -> Pcm:
        """Stop recording; everything heard, as 16 kHz mono 16-bit samples."""
        self.finish()
        with self._lock:
            frames = b"".join(self._chunks)
        return Pcm(frames[: len(frames) - len(frames) % 2], SPEECH_RATE, 1, 2)


class SoundDeviceRecorder(Recorder):
    """PortAudio through sounddevice's raw input stream (no numpy needed)."""

    name = "sounddevice"

    def __init__(self, device: str | None = None) -> None:
        super().__init__()
        self.device = device
        self.stream: Any = None

    def start(self) -> None:
        try:
            import sounddevice
        except ImportError:
            raise NoMicrophone(MISSING_EXTRA) from None
        except OSError:  # sounddevice is there, the PortAudio library is not
            raise NoMicrophone(MISSING_PORTAUDIO) from None
        device: Any = int(self.device) if self.device and self.device.isdigit() else self.device

        def callback(indata: Any, frames: int, when: Any, status: Any) -> None:
            self.take(bytes(indata))

        try:
            self.stream = sounddevice.RawInputStream(
                samplerate=SPEECH_RATE, channels=1, dtype="int16", blocksize=BLOCK_FRAMES,
                device=device, callback=callback,
            )
            self.started = time.monotonic()
            self.stream.start()
        except Exception as exc:  # PortAudioError, ValueError: no such device, none at all
            self.stream = None
            raise NoMicrophone(f"sounddevice: {_short(str(exc))}") from None

    def finish(self) -> None:
        if self.stream is not None:
            try:
                self.stream.stop()
                self.stream.close()
            except Exception:  # a device gone mid-way: what was heard is kept
                pass
            self.stream = None


class CommandRecorder(Recorder):
    """A recording program (arecord or rec) writing raw samples to its stdout."""

    def __init__(self, name: str, command: list[str]) -> None:
        super().__init__()
        self.name = name
        self.command = command
        self.process: subprocess.Popen[bytes] | None = None
        self.reader: threading.Thread | None = None

    def start(self) -> None:
        try:
            self.process = subprocess.Popen(
                self.command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            raise NoMicrophone(f"{self.name}: {exc.strerror}") from None
        self.started = time.monotonic()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        code = self.process.poll()
        if code is not None and code != 0:
            said = (self.process.stderr.read() if self.process.stderr else b"").decode(
                "utf-8", "replace").strip().splitlines()
            self.process = None
            reason = _short(said[-1]) if said else f"it stopped with code {code}"
            raise NoMicrophone(f"{self.name}: {reason}")

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        stream = self.process.stdout
        while True:
            chunk = stream.read(BLOCK_FRAMES * 2)
            if not chunk:
                return
            self.take(chunk)

    def finish(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.reader is not None:
            self.reader.join(timeout=5)
        self.process = None


def candidates(device: str | None = None) -> list[Callable[[], Recorder]]:
    """The recorders to try, best first: sounddevice, then arecord, then rec."""
    found: list[Callable[[], Recorder]] = [lambda: SoundDeviceRecorder(device)]
    arecord = shutil.which("arecord")
    if arecord:
        alsa = [arecord, "-q", "-t", "raw", "-f", "S16_LE", "-r", str(SPEECH_RATE), "-c", "1"]
        if device:
            alsa += ["-D", device]
        found.append(lambda: CommandRecorder("arecord", alsa))
    rec = shutil.which("rec")
    if rec:
        sox = [rec, "-q", "-t", "raw", "-e", "signed", "-b", "16", "-c", "1", "-r",
               str(SPEECH_RATE), "-L", "-"]
        found.append(lambda: CommandRecorder("rec", sox))
    return found


def start_recorder(device: str | None = None) -> Recorder:
    """The first recorder that starts recording here; NoMicrophone, saying why each could
    not, if none does."""
    reasons = []
    for make in candidates(device):
        recorder = make()
        try:
            recorder.start()
        except NoMicrophone as exc:
            reasons.append(exc.message)
            continue
        return recorder
    tried = "; ".join(reasons)
    if MISSING_EXTRA in reasons or MISSING_PORTAUDIO in reasons:
        hint = (f"To record: {VOICE_EXTRA}" if MISSING_EXTRA in reasons else
                "To record: install PortAudio (e.g. apt install libportaudio2)")
    else:
        hint = "Check that a microphone is plugged in and allowed, then try again."
    raise NoMicrophone(f"I could not record here ({tried}).", hint)


def _short(said: str) -> str:
    """A program's or library's complaint, cut to a few words: 'no audio device configured'."""
    said = said.strip().rstrip(".")
    for noise in ("FAIL sox: ", "main:831: "):
        said = said.split(noise)[-1]
    said = said.split(": ", 1)[-1] if said.startswith("/") else said
    return said if len(said) <= 60 else said[:59] + "…"
