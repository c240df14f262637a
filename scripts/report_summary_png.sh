#!/usr/bin/env bash
# Regenerate the README's pictures of page 1 of the Excel report, as LibreOffice prints it:
#   docs/report-summary.png  the AI PARK sample (one site, one year)
#   docs/report-campus.png   the campus sample (five sites, 2022-2024: this year against last year)
#   docs/report-summary-zh.png  the AI PARK sample in Chinese (--lang zh, issue 18)
# Needs: carbon on PATH (or CARBON=...), libreoffice-calc (or -nogui), poppler-utils, and for
# Excel-like metrics fonts-crosextra-carlito (Calibri's metric twin); the Chinese page needs a CJK
# font, fonts-noto-cjk (LibreOffice has no 等线 and draws the report in Noto Sans CJK SC):
#   apt-get install libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito fonts-noto-cjk
# Run from the repository root.
set -euo pipefail
carbon=${CARBON:-carbon}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
render() {  # render SITE_OR_PORTFOLIO_YAML PNG_NAME [CALC OPTIONS ...]
    "$carbon" calc "$1" --quiet --format json --excel "$work/$2.xlsx" "${@:3}" > /dev/null
    soffice --headless --convert-to pdf --outdir "$work" "$work/$2.xlsx" > /dev/null
    pdftoppm -png -r 110 -f 1 -l 1 -singlefile "$work/$2.pdf" "docs/$2"
    echo "wrote docs/$2.png"
}
render sample_data/ai-park/site.yaml report-summary
render sample_data/campus-3y/portfolio.yaml report-campus
render sample_data/ai-park/site.yaml report-summary-zh --lang zh
