#!/usr/bin/env bash
# The logic of the GitHub Action (action.yml), kept here so the tests run exactly
# what the Action runs. Inputs arrive as environment variables:
#   GPAI_PATH   workbook files or folders, separated by spaces (default: workbooks)
#   GPAI_FLAGS  gates for `gpai check`, e.g. "--min-completeness 80 --no-overdue"
#   GPAI_AS_OF  optional YYYY-MM-DD for reproducible results
# Failures are printed as ::error annotations at the measure's line; the Markdown
# status goes to $GITHUB_STEP_SUMMARY when it is set. Exits with gpai check's code.
set -uo pipefail
set -f  # paths and flags are split on spaces, never globbed
gpai="${GPAI:-gpai}"
read -r -a paths <<<"${GPAI_PATH:-workbooks}"
read -r -a flags <<<"${GPAI_FLAGS:-}"
as_of=()
if [ -n "${GPAI_AS_OF:-}" ]; then as_of=(--as-of "$GPAI_AS_OF"); fi
code=0
"$gpai" check --github "${as_of[@]}" "${flags[@]}" -- "${paths[@]}" || code=$?
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  for path in "${paths[@]}"; do
    "$gpai" status --format md "${as_of[@]}" -- "$path" >>"$GITHUB_STEP_SUMMARY" || true
    echo >>"$GITHUB_STEP_SUMMARY"
  done
  case "$code" in
    0) echo "**gpai check passed.**" >>"$GITHUB_STEP_SUMMARY" ;;
    1) echo "**gpai check failed:** see the annotations." >>"$GITHUB_STEP_SUMMARY" ;;
    *) echo "**gpai check could not read a workbook** (exit $code)." >>"$GITHUB_STEP_SUMMARY" ;;
  esac
fi
exit "$code"
