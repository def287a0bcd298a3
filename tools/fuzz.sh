#!/usr/bin/env bash
# make fuzz: builds the libFuzzer targets of fuzz/ with clang-14 in build-fuzz/ (ASan + UBSan + coverage)
# and runs each for FUZZ_SECONDS (default 60) from its seed corpus in fuzz/corpus/<target>/.
# New inputs go to build-fuzz/corpus/<target>/ (the repository keeps only the small hand-made seeds);
# a crash, sanitizer report, leak, time-out (> FUZZ_TIMEOUT s for one input) or out-of-memory stops
# that target and leaves the input in build-fuzz/artifacts/<target>/. Exits 1 when any target failed.
#   FUZZ_SECONDS=5 tools/fuzz.sh               short run (CI)
#   FUZZ_TARGETS="text_fuzz csv_fuzz" tools/fuzz.sh
#   build-fuzz/fuzz/text_fuzz build-fuzz/artifacts/text_fuzz/crash-…   replay one artefact
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
TIMEOUT=${FUZZ_TIMEOUT:-10}
JOBS=${JOBS:-2}
ALL_TARGETS=(multipart_fuzz form_decoding_fuzz eform_answers_fuzz catalogue_json_fuzz portal_jsonl_fuzz
             calendar_import_fuzz csv_fuzz text_fuzz dossier_code_fuzz template_escaping_fuzz)
read -r -a TARGETS <<<"${FUZZ_TARGETS:-${ALL_TARGETS[*]}}"

command -v clang++-14 >/dev/null || { echo "fuzz: clang++-14 is missing (make deps installs it)" >&2; exit 1; }
if [[ ! -f $BUILD_DIR/build.ninja ]]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMOCUA_FUZZ=ON -DMOCUA_WERROR=OFF >/dev/null
fi
cmake --build "$BUILD_DIR" -j "$JOBS" --target "${TARGETS[@]}"

# ICU and libcsv are not instrumented; leaks inside them at exit are theirs, not ours.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
for target in "${TARGETS[@]}"; do
  seeds=fuzz/corpus/$target
  work=$BUILD_DIR/corpus/$target
  artifacts=$BUILD_DIR/artifacts/$target
  log=$BUILD_DIR/logs/$target.log
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  [[ -d $seeds ]] || { echo "fuzz: $target has no seed corpus at $seeds" >&2; failed+=("$target"); continue; }
  printf 'fuzz: %-24s %3ss ... ' "$target" "$SECONDS_PER_TARGET"
  if "$BUILD_DIR/fuzz/$target" -max_total_time="$SECONDS_PER_TARGET" -timeout="$TIMEOUT" -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "$seeds" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    echo "ok (${runs:-?} runs, ${cov:-?} coverage points)"
  else
    echo "FAILED (log: $log, input: $(ls -t "$artifacts" | head -1))"
    grep -m 3 -E 'ERROR|SUMMARY|runtime error|deadly signal' "$log" | sed 's/^/    /' || true
    failed+=("$target")
  fi
done

if ((${#failed[@]})); then
  echo "fuzz: ${#failed[@]} of ${#TARGETS[@]} targets failed: ${failed[*]}"
  exit 1
fi
echo "fuzz: ${#TARGETS[@]} targets, ${SECONDS_PER_TARGET}s each, 0 crashes"
