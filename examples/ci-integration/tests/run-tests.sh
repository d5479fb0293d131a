#!/bin/sh
# Runs every check, prints PASS/FAIL per check and exits with the number of failed checks
# (0 when all pass). EXPECT_VERSION is the schema/API version the tests expect (default 1).
expect="${EXPECT_VERSION:-1}"
failed=0

check() {
  name="$1"; shift
  if out=$("$@" 2>&1); then
    echo "PASS $name"
  else
    echo "FAIL $name: $out"
    failed=$((failed + 1))
  fi
}

health() { [ "$(wget -q -O - http://api:8080/health)" = ok ]; }
info_version() {
  body=$(wget -q -O - http://api:8080/cgi-bin/info) || return 1
  case "$body" in *"\"version\":\"$expect\""*) ;; *) echo "got $body"; return 1 ;; esac
}
migration() {
  got=$(cat /migrations/applied) || return 1
  [ "$got" = "schema=$expect" ] || { echo "got $got"; return 1; }
}

check "api answers /health" health
check "api reports version $expect" info_version
check "migration applied schema $expect" migration

echo "tests: $failed failed"
exit "$failed"
