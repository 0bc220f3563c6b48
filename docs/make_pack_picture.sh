#!/usr/bin/env bash
# docs/revalidation-pack.png: page 2 of a revalidation pack (the progress table and the logs) made
# from a small sample journal in a temporary folder, through LibreOffice and poppler:
#   apt-get install libreoffice-writer poppler-utils
#   bash docs/make_pack_picture.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
R="$here/.venv/bin/reflect"
D="$(mktemp -d)"
trap 'rm -rf "$D"' EXIT
mkdir -p "$D/prompts"
export REFLECT_DB="$D/r.db" REFLECT_CONFIG="$D/config.toml" REFLECT_PROMPTS="$D/prompts"
printf '[revalidation]\nprofile = "nmc"\ndate = 2028-03-31\n' > "$REFLECT_CONFIG"

cat > "$D/a1.yaml" <<'Y'
activity: [CPD, Event or experience in your practice]
nature: "A sepsis study day, then a patient on my ward whose NEWS score rose overnight."
learning: "Screening early matters more than a perfect set of observations."
change: "I now use the sepsis screening tool at every set of observations, and escalate sooner."
themes: [Preserve safety, Prioritise people]
code: "It kept people safe (Preserve safety) and put the patient's needs first."
Y
cat > "$D/a2.yaml" <<'Y'
activity: [Practice-related feedback]
nature: "A patient's family told me they felt listened to during a difficult discharge."
learning: "Taking ten minutes to sit down with a family changes how the whole day goes."
change: "I plan discharge conversations earlier and invite the family."
themes: [Prioritise people, Promote professionalism and trust]
code: "Listening and working in partnership with families."
Y
{
  "$R" write nmc --answers "$D/a1.yaml" --at 2026-02-03
  "$R" write nmc --answers "$D/a2.yaml" --at 2026-04-14
  "$R" cpd add "Sepsis recognition study day" --hours 7 --participatory --method Workshop \
    --standard nmc:6 --standard nmc:19 --date 2026-01-20
  "$R" cpd add "Safeguarding adults, level 3" --hours 4 --participatory --method Course \
    --standard nmc:17 --date 2026-03-11
  "$R" cpd add "Insulin safety e-learning" --hours 2 --method "Online learning" --date 2026-05-02
  "$R" feedback add "Thank you for explaining my medicines so clearly." --from patient \
    --date 2026-02-10
  "$R" feedback add "Calm and clear at the handover when the ward was busy." --from colleague \
    --date 2026-03-02
  "$R" practice add 1400 --role "Staff nurse, medical ward" --from 2025-04-01 --to 2026-03-31
  ids=$("$R" list --json | "$here/.venv/bin/python" -c \
    'import json, sys; print(" ".join("--entry " + e["id"] for e in json.load(sys.stdin)))')
  # shellcheck disable=SC2086
  "$R" discussion add --partner-name "Sam Partner" --partner-pin 98B7654C \
    --partner-email sam.partner@example.org --date 2026-06-01 $ids
  "$R" revalidation tick indemnity
} > /dev/null 2>&1
"$R" pack --for revalidation --name "Jane Doe" --pin 12A3456E -o "$D/revalidation.docx"
soffice --headless --convert-to pdf "$D/revalidation.docx" --outdir "$D" > /dev/null 2>&1
pdftoppm -png -r 60 -f 2 -l 2 -singlefile "$D/revalidation.pdf" "$here/docs/revalidation-pack"
echo "wrote $here/docs/revalidation-pack.png"
