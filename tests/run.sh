#!/usr/bin/env bash
# Runs every test of the solution: starts a local RabbitMQ and Redis (installing them with apt when missing; python3 too),
# builds Release, runs each test project one after the other (they train models on the machine's
# cores), and ends with one summary line: "N passed, N failed, N skipped".
# Exits non-zero when a test failed or a test project could not run. Works unattended (CI=true, no stdin).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
configuration="${CONFIGURATION:-Release}"
results_dir="$repo_root/tests/TestResults"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
started=$SECONDS

echo "== RabbitMQ"
bash deploy/scripts/start-rabbitmq.sh </dev/null
export EXPERIMENTS_TEST_RABBITMQ="${EXPERIMENTS_TEST_RABBITMQ:-amqp://guest:guest@127.0.0.1:5672/}"

echo "== Redis"
bash deploy/scripts/start-redis.sh </dev/null
export EXPERIMENTS_TEST_REDIS="${EXPERIMENTS_TEST_REDIS:-127.0.0.1:6379}"

# The command-model tests run small user programs with python3 (standard library only).
if ! command -v python3 >/dev/null 2>&1; then
    echo "== python3 (apt)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 </dev/null >/dev/null \
        || { apt-get update -qq </dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 </dev/null >/dev/null; }
fi

echo "== Build ($configuration)"
dotnet build Experiments.sln -c "$configuration" -nologo -v minimal </dev/null

rm -rf "$results_dir"
mkdir -p "$results_dir"
failed_projects=()
for project in tests/*/*.csproj; do
    name="$(basename "$project" .csproj)"
    echo "== Test $name"
    # One project at a time, to the end even when one fails: the summary counts them all. --blame names the test
    # that was running if the test process crashes.
    if ! dotnet test "$project" -c "$configuration" --no-build -nologo --blame \
        --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
        --results-directory "$results_dir" </dev/null; then
        failed_projects+=("$name")
    fi
    if ! [ -f "$results_dir/$name.trx" ]; then
        echo "No test results for $name: the project did not run." >&2
        failed_projects+=("$name (no results)")
    fi
done

# Sum <Counters total=".." executed=".." passed=".." failed=".." ...> over every .trx (awk only: no python).
read -r passed failed skipped < <(
    cat "$results_dir"/*.trx 2>/dev/null | tr '\n' ' ' | grep -o '<Counters [^>]*>' | awk '
        function attr(line, key,   m) { return match(line, " " key "=\"[0-9]+\"") ? substr(line, RSTART + length(key) + 3, RLENGTH - length(key) - 4) + 0 : 0 }
        { total += attr($0, "total"); executed += attr($0, "executed"); passed += attr($0, "passed"); failed += attr($0, "failed") + attr($0, "error") + attr($0, "timeout") + attr($0, "aborted") }
        END { printf "%d %d %d\n", passed, failed, total - executed }'
)

# Name each failed test with the start of its message, so the end of the log says what failed.
cat "$results_dir"/*.trx 2>/dev/null | tr '\n' ' ' | sed 's/<UnitTestResult /\n&/g' | awk '
    function unescape(text) {
        gsub(/&quot;/, "\"", text); gsub(/&apos;/, "'"'"'", text); gsub(/&lt;/, "<", text); gsub(/&gt;/, ">", text); gsub(/&amp;/, "\\&", text)
        return text
    }
    /^<UnitTestResult [^>]* outcome="Failed"/ {
        name = ""; if (match($0, /testName="[^"]*"/)) name = substr($0, RSTART + 10, RLENGTH - 11)
        message = ""; if (match($0, /<Message>[^<]*/)) message = substr($0, RSTART + 9, RLENGTH - 9)
        name = unescape(name); message = unescape(message); gsub(/[ \t]+/, " ", message)
        printf "FAILED %s\n    %s\n", name, substr(message, 1, 400)
    }'

echo "== Done in $((SECONDS - started))s; results in ${results_dir#"$repo_root"/}"
if [ "${#failed_projects[@]}" -gt 0 ]; then
    echo "Failed test projects: ${failed_projects[*]}"
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "${#failed_projects[@]}" -gt 0 ] || [ "$failed" -gt 0 ]; then
    exit 1
fi
