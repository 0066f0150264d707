#!/usr/bin/env bash
# Copies jieba-rs's dictionary from the crate version pinned in Cargo.toml (`jieba-rs = "=X"`)
# into data/jieba/dict.txt. Run after changing the pin; the crate is fetched by cargo if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^jieba-rs = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
[ -n "$version" ] || { echo "no exact jieba-rs pin in Cargo.toml" >&2; exit 2; }
cargo fetch --locked >/dev/null
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
source=$(ls -d "$registry"/*/jieba-rs-"$version"/src/data/dict.txt 2>/dev/null | head -n 1)
[ -n "$source" ] || { echo "jieba-rs $version not found under $registry" >&2; exit 2; }
cp "$source" data/jieba/dict.txt
echo "data/jieba/dict.txt ← $source ($(wc -l < data/jieba/dict.txt) words)"
