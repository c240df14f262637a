#!/usr/bin/env bash
# Regenerate docs/report-summary.png: the sample's Excel report, rendered by LibreOffice, page 1.
# Needs: carbon on PATH (or CARBON=...), libreoffice-calc, poppler-utils, and for Excel-like metrics
# fonts-crosextra-carlito (Calibri's metric twin). Run from the repository root.
set -euo pipefail
carbon=${CARBON:-carbon}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$carbon" calc sample_data/ai-park/site.yaml --quiet --format json --excel "$work/report.xlsx" > /dev/null
soffice --headless --convert-to pdf --outdir "$work" "$work/report.xlsx"
# 130 dpi, cropped to the title, totals and charts (page 1 ends with the charts)
pdftoppm -png -r 130 -f 1 -l 1 -x 75 -y 120 -W 1345 -H 720 -singlefile "$work/report.pdf" docs/report-summary
echo "wrote docs/report-summary.png"
