#!/bin/sh
# Makes the voice-note fixtures (tests/data/voice_*.wav): spoken clinical sentences, synthetic,
# from espeak-ng (voice en-us+f2, 130 words a minute, 20 ms between words) and sox (16 kHz, mono,
# 16-bit, 1 dB quieter so nothing clips, silence trimmed to 0.2 s at each end).
#   apt-get install espeak-ng sox && sh tests/data/make_voice_fixtures.sh
set -eu
cd "$(dirname "$0")"
make() {
    espeak-ng -v en-us+f2 -s 130 -g 2 -w "$1.raw.wav" "$2"
    sox -q "$1.raw.wav" -r 16000 -c 1 -b 16 "$1.wav" gain -1 \
        silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0.2 0.2
    rm "$1.raw.wav"
}
make voice_antibiotics "We gave antibiotics within the hour."
make voice_pain_medicine "We talked about the pain medicine."
