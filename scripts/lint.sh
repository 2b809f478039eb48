#!/usr/bin/env bash
# The formatting check CI runs (docs/testing.md, "Formatting"): `swift format`
# (shipped with the Swift toolchain) in strict lint mode over every Swift file of
# the project, with the rules in .swift-format. `bash scripts/lint.sh --fix`
# rewrites the files in place instead.
set -euo pipefail
cd "$(dirname "$0")/.."
files=(Package.swift Benchmarks/Package.swift Sources Tests Benchmarks/Benchmarks)
if [ "${1:-}" = "--fix" ]; then
  swift format format --in-place --recursive "${files[@]}"
else
  swift format lint --strict --recursive "${files[@]}"
fi
