"""Voice notes as samples: reading a recording (WAV with the standard library's `wave`; m4a,
ogg, mp3, opus and the rest through ffmpeg or sox when the machine has one), writing WAV, and
the codec the journal keeps them in.

The codec is `zlib`: the PCM frames exactly as a WAV file holds them (little-endian, signed
above 8 bits), compressed with zlib. It is lossless, so `reflect audio ID --output` gives back
the very samples that went in, and it needs nothing but the standard library, so any reflect
(or any tool with zlib) can read a journal's voice notes back, with or without the [voice]
extra. Speech shrinks by about a fifth; FLAC would halve it, but would need a compiled library
on every machine that ever reads the journal.
"""

from __future__ import annotations

import shutil
import subprocess
import wave
import zlib
from dataclasses import dataclass
from pathlib import Path

from reflect_cli.errors import DataError

CODEC = "zlib"
ZLIB_LEVEL = 6  # as good as 9 on speech, and several times faster
MAX_PCM_BYTES = 40 * 1024 * 1024  # about 21 minutes at 16 kHz mono: enough for a reflection
SPEECH_RATE = 16_000  # what the recorder takes and what other formats are decoded to
CONVERTED = ("m4a", "ogg", "oga", "mp3", "opus", "aac", "flac", "webm", "amr", "3gp", "caf")
CONVERT_SECONDS = 120  # the longest a converter may take over one file


@dataclass(frozen=True)
class Pcm:
    """Samples as a WAV file holds them: `frames` of `channels` interleaved samples of
    `sample_width` bytes each, `sample_rate` frames a second."""

    frames: bytes
    sample_rate: int = SPEECH_RATE
    channels: int = 1
    sample_width: int = 2

    @property
    def frame_count(self) -> int:
        return len(self.frames) // (self.channels * self.sample_width)

    @property
    def seconds(self) -> float:
        return self.frame_count / self.sample_rate if self.sample_rate else 0.0


def pack(pcm: Pcm) -> bytes:
    """The frames as the journal keeps them (CODEC)."""
    return zlib.compress(pcm.frames, ZLIB_LEVEL)


def unpack(codec: str, data: bytes, sample_rate: int, channels: int, sample_width: int,
           frames: int) -> Pcm:
    """The samples kept as `pack` made them; DataError if they are not what they say."""
    if codec != CODEC:
        raise DataError(f"This voice note is kept as '{codec}', which this reflect cannot read.",
                        "Upgrade reflect (pip install --upgrade reflect-cli).")
    try:
        raw = zlib.decompress(data)
    except zlib.error:
        raw = b""
    pcm = Pcm(raw, sample_rate, channels, sample_width)
    if not raw or pcm.frame_count != frames or len(raw) % (channels * sample_width):
        raise DataError("This voice note's audio is damaged, so it cannot be played or written.")
    return pcm


def check_format(sample_rate: int, channels: int, sample_width: int) -> str | None:
    """What is wrong with these numbers for a voice note, or None."""
    if not 1000 <= sample_rate <= 384_000:
        return f"a sample rate of {sample_rate} Hz"
    if not 1 <= channels <= 8:
        return f"{channels} channels"
    if sample_width not in (1, 2, 3, 4):
        return f"{sample_width}-byte samples"
    return None


def wav_bytes(pcm: Pcm) -> bytes:
    """A WAV file holding `pcm` exactly."""
    import io

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(pcm.channels)
        out.setsampwidth(pcm.sample_width)
        out.setframerate(pcm.sample_rate)
        out.writeframes(pcm.frames)
    return buffer.getvalue()


def load(path: Path) -> Pcm:
    """The recording in `path`: a WAV file read as it is; another format decoded with ffmpeg or
    sox to 16 kHz mono. DataError, in plain words, for anything that cannot be read."""
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
    except FileNotFoundError:
        raise DataError(f"There is no file {path}.", "Check the name and try again.") from None
    except IsADirectoryError:
        raise DataError(f"{path} is a folder, not a recording.") from None
    except OSError as exc:
        raise DataError(f"Cannot read {path}: {exc.strerror}.") from None
    if not path.is_file():
        raise DataError(f"{path} is not a regular file, so it was not read.")
    pcm = _read_wav(path) if head[:4] == b"RIFF" and head[8:12] == b"WAVE" else _converted(path)
    return checked(pcm, str(path))


def checked(pcm: Pcm, name: str) -> Pcm:
    """`pcm` if it can be kept as a voice note; DataError if it is empty or too long."""
    if not pcm.frame_count:
        raise DataError(f"{name} holds no sound, so there is nothing to keep.")
    if len(pcm.frames) > MAX_PCM_BYTES:
        minutes = pcm.seconds / 60
        raise DataError(
            f"{name} is too long to keep as a voice note ({minutes:.0f} minutes at"
            f" {pcm.sample_rate} Hz, {pcm.channels} channel(s)).",
            "Keep it under about 20 minutes at 16 kHz mono, e.g.: "
            "ffmpeg -i IN -ac 1 -ar 16000 OUT.wav",
        )
    return pcm


def _read_wav(path: Path) -> Pcm:
    try:
        with wave.open(str(path), "rb") as source:
            params = source.getparams()
            frames = source.readframes(params.nframes)
    except (wave.Error, EOFError) as exc:
        if _converter() is not None:  # float or extensible WAV: a converter reads those
            return _converted(path)
        raise DataError(
            f"{path} is a WAV file this reflect cannot read on its own ({exc}).",
            "Save it as 16-bit PCM WAV, or install ffmpeg or sox to have it converted.",
        ) from None
    problem = check_format(params.framerate, params.nchannels, params.sampwidth)
    if problem:
        raise DataError(f"{path} has {problem}, which a voice note cannot have.")
    usable = len(frames) - len(frames) % (params.nchannels * params.sampwidth)
    return Pcm(frames[:usable], params.framerate, params.nchannels, params.sampwidth)


def _converter() -> tuple[str, str] | None:
    """('ffmpeg' or 'sox', its path), whichever is on this machine (ffmpeg first)."""
    for name in ("ffmpeg", "sox"):
        found = shutil.which(name)
        if found:
            return name, found
    return None


def _converted(path: Path) -> Pcm:
    """`path` decoded to 16 kHz mono 16-bit samples by ffmpeg or sox."""
    kind = path.suffix.lower().lstrip(".") or "this kind of file"
    tool = _converter()
    if tool is None:
        known = kind in CONVERTED
        raise DataError(
            f"{path} is {'an ' + kind + ' file' if known else 'not a WAV file'}, and reading"
            " it needs ffmpeg or sox, which this machine does not have.",
            "Install ffmpeg (or sox), or convert it to WAV elsewhere and attach that.",
        )
    name, program = tool
    if name == "ffmpeg":
        command = [program, "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(path),
                   "-vn", "-ac", "1", "-ar", str(SPEECH_RATE), "-f", "s16le", "-acodec",
                   "pcm_s16le", "-"]
    else:
        command = [program, "-q", str(path), "-t", "raw", "-e", "signed", "-b", "16", "-c",
                   "1", "-r", str(SPEECH_RATE), "-L", "-"]
    try:
        done = subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS,
                              stdin=subprocess.DEVNULL, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DataError(f"{name} could not read {path} ({exc}).") from None
    if done.returncode != 0 or not done.stdout:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = said[-1][:200] if said else f"it stopped with code {done.returncode}"
        raise DataError(f"{name} could not read {path} as a recording: {reason}",
                        "Check that it is a sound file, or convert it to WAV and attach that.")
    frames = done.stdout[: len(done.stdout) - len(done.stdout) % 2]
    return Pcm(frames, SPEECH_RATE, 1, 2)


def peak(chunk: bytes, sample_width: int = 2) -> float:
    """How loud a chunk of 16-bit samples is at its loudest, from 0 to 1 (for the meter)."""
    if sample_width != 2 or len(chunk) < 2:
        return 0.0
    from array import array

    samples = array("h")
    samples.frombytes(chunk[: len(chunk) - len(chunk) % 2])
    if not samples:
        return 0.0
    return min(1.0, max(max(samples), -min(samples)) / 32768)
