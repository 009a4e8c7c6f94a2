#!/usr/bin/env bash
# Regenerates the two bundled font subsets from Debian's fonts-dejavu-core 2.37.
# Run once by hand (needs `apt-get install fonts-dejavu-core` and `pip install fonttools`);
# the outputs are committed, so building qrpass never needs either.
#
# Coverage: ASCII, Latin-1, Latin Extended-A/B, Latin Extended Additional (every
# precomposed Vietnamese letter), combining diacritics, general punctuation,
# arrows, the đồng sign and U+FFFD. No hinting (the PDF is for print).
set -euo pipefail
cd "$(dirname "$0")"
src=${DEJAVU_DIR:-/usr/share/fonts/truetype/dejavu}
unicodes="U+0020-007E,U+00A0-024F,U+0300-036F,U+1EA0-1EF9,U+2000-206F,U+20AB,U+2190-2193,U+2500-2502,U+FFFD"
for face in DejaVuSans DejaVuSans-Bold; do
  pyftsubset "$src/$face.ttf" \
    --unicodes="$unicodes" \
    --layout-features='' \
    --no-hinting \
    --desubroutinize \
    --name-IDs='*' \
    --name-legacy \
    --notdef-outline \
    --output-file="$face-vi.ttf"
done
ls -l ./*.ttf
