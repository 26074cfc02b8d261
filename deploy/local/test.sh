#!/usr/bin/env bash
# The project's one test command: bring up local infrastructure, run every test
# in the solution, and finish with a plain "N passed, N failed, N skipped" line
# summed over all .trx files. Extra arguments go to `dotnet test` unchanged.
# Exit code: dotnet test's, or 1 if it "succeeded" without running a test.
set -euo pipefail

# summarize_trx DIR: prints "passed failed skipped" summed over DIR/**/*.trx.
# Counts top-level UnitTestResult elements (nested data-driven results are
# inside their parent, so they would be counted twice otherwise).
summarize_trx() {
  python3 - "$1" <<'PY'
import pathlib, sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
# Outcomes that mean "did not run" rather than "broke".
SKIPPED = {"NotExecuted", "Inconclusive", "Pending", "NotRunnable", "Disconnected", "Warning"}
for trx in sorted(pathlib.Path(sys.argv[1]).rglob("*.trx")):
    try:
        root = ET.parse(trx).getroot()
    except ET.ParseError as e:  # e.g. a test host that crashed mid-write
        print(f"test.sh: unreadable {trx}: {e}", file=sys.stderr)
        continue
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    results = root.find(f"{ns}Results")
    if results is None:
        continue
    for r in results.findall(f"{ns}UnitTestResult"):
        outcome = r.get("outcome", "")
        if outcome == "Passed":
            passed += 1
        elif outcome in SKIPPED:
            skipped += 1
        else:  # Failed, Error, Timeout, Aborted, ...
            failed += 1
print(passed, failed, skipped)
PY
}

main() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  cd "$root"

  bash deploy/local/infra-up.sh

  # A fresh directory per run, so only this run's .trx files are counted.
  local results
  mkdir -p "$root/TestResults"
  results="$(mktemp -d "$root/TestResults/$(date -u +%Y%m%dT%H%M%SZ)-XXXX")"

  local rc=0
  dotnet build SharedServices.sln -c Release -nologo -clp:ErrorsOnly || rc=$?
  # One test assembly at a time (-m:1): the fault tests restart RabbitMQ, which must not pull
  # the broker from under another assembly's tests. Within an assembly xunit runs classes in parallel.
  if ((rc == 0)); then
    dotnet test SharedServices.sln -c Release --no-build -m:1 --logger "trx" --results-directory "$results" "$@" || rc=$?
  fi

  local counts passed failed skipped
  counts="$(summarize_trx "$results")" || counts="0 0 0"
  read -r passed failed skipped <<<"$counts"

  if ((passed + failed == 0)); then
    echo "test.sh: no test was executed (no results in $results)" >&2
    ((rc != 0)) || rc=1
  elif ((failed > 0 && rc == 0)); then
    rc=1   # belt and braces: never report success with failures
  fi

  echo "$passed passed, $failed failed, $skipped skipped"
  return "$rc"
}

# Sourcing the file (e.g. to test summarize_trx) defines the function only.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
