#!/usr/bin/env bash
# The repository stands alone: no tracked file may name the sibling reference folder or an
# absolute path of a development machine. Run by .ci/run before the tests (and by a test).
set -euo pipefail
cd "$(dirname "$0")/.."
sibling='\.\./'"shared"
machine='/(work|home|root|Users|mnt)/[A-Za-z0-9_.-]+'
if git grep -nIE -e "$sibling" -e "$machine" -- . ':(exclude)bench/data' ; then
    echo "check-standalone: the lines above name a path outside the repository" >&2
    exit 1
fi
echo "check-standalone: no tracked file names a path outside the repository"
