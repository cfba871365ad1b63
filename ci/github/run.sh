#!/usr/bin/env bash
# The mbx GitHub Action's main step (action.yml): run mbx with the Action's inputs, write every
# report, add the Markdown report to the step summary, and set the outputs. It always exits 0, so
# that the reports are uploaded; the Action's last step fails the job on mbx's exit code.
# Sign-in: with `permissions: id-token: write`, GitHub sets ACTIONS_ID_TOKEN_REQUEST_URL and
# ACTIONS_ID_TOKEN_REQUEST_TOKEN, and mbx asks for a fresh OIDC token whenever Entra needs one.
set -uo pipefail

home="${MBX_HOME:?MBX_HOME names the mbx checkout}"
out="${INPUT_OUT_DIR:-mbx-report}"
command="${INPUT_COMMAND:-verify}"
case "$command" in
  verify | probe) ;;
  *)
    echo "::error title=mbx::the command input is verify or probe, not '$command'"
    command="invalid"
    ;;
esac
read -r -a extra <<< "${INPUT_ARGS:-}"

# Check ids link to their docs at the Action's own repository and ref, when GitHub says which.
if [ -z "${MBX_DOCS_URL:-}" ] && [ -n "${GITHUB_ACTION_REPOSITORY:-}" ] && [ -n "${GITHUB_ACTION_REF:-}" ]; then
  export MBX_DOCS_URL="${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_ACTION_REPOSITORY}/blob/${GITHUB_ACTION_REF}/"
fi

code=2
if [ "$command" != "invalid" ]; then
  node "$home/bin/mbx.js" "$command" "${INPUT_SPEC:-mailboxes.yaml}" \
    --format text,json,junit,sarif,markdown,html,csv --out-dir "$out" --fail-on "${INPUT_FAIL_ON:-high}" "${extra[@]}"
  code=$?
fi
case "$code" in
  0) verdict=pass ;;
  1) verdict=findings ;;
  2) verdict=usage ;;
  *) verdict=not-checked ;;
esac

{
  echo "exit-code=$code"
  echo "verdict=$verdict"
  echo "report-dir=$out"
  for format in json junit.xml sarif md html txt; do
    [ -f "$out/mbx-report.$format" ] && echo "report-${format%%.*}=$out/mbx-report.$format"
  done
  [ -f "$out/mbx-actions.csv" ] && echo "report-csv=$out/mbx-actions.csv"
  # The counts, from the report's head (read up to its results: a report of 10,000 mailboxes is 180 MB).
  if [ -f "$out/mbx-report.json" ]; then
    node -e '
      const fs = require("fs");
      const fd = fs.openSync(process.argv[1], "r");
      const buffer = Buffer.alloc(1 << 20);
      const head = buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0)).toString("utf8");
      const at = head.indexOf("\"results\": [");
      const summary = at < 0 ? {} : (JSON.parse(`${head.slice(0, at)}"results": []}`).summary ?? {});
      for (const status of ["fail", "error", "pending", "warn", "waived", "pass", "skip"]) console.log(`${status}=${summary[status] ?? 0}`);
    ' "$out/mbx-report.json"
  fi
} >> "${GITHUB_OUTPUT:-/dev/null}"

if [ -f "$out/mbx-report.md" ]; then
  cat "$out/mbx-report.md" >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
else
  printf '## ⚠️ mbx %s wrote no report\n\nExit code %s (%s): the log above says why.\n' "$command" "$code" "$verdict" >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
fi
exit 0
