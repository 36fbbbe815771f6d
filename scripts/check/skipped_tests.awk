#!/usr/bin/awk -f
# Reads the output of `cargo test` over wasm-bindgen-test-runner and prints
# one line per test the runner ignored: "skipped in BROWSER: FILE::NAME
# (REASON)", or "skipped in BROWSER: none". cargo's "Running tests/FILE.rs
# (...)" line names the file of the runner's "test NAME ... ignored, REASON"
# lines after it.
#
# usage: skipped_tests.awk -v browser=NAME OUTPUT.txt
/^ *Running tests\// {
  file = $2
  sub(/^tests\//, "", file)
  sub(/\.rs$/, "", file)
}
/^test .* \.\.\. ignored/ {
  reason = $0
  sub(/^.* \.\.\. ignored,? ?/, "", reason)
  printf "skipped in %s: %s::%s (%s)\n", browser, file, $2, reason == "" ? "no reason given" : reason
  n++
}
END {
  if (!n) printf "skipped in %s: none\n", browser
}
