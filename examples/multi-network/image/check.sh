#!/bin/sh
# check HOST:PORT...: for each target, whether its name resolves here and what it answers.
# Exits with the number of targets that could not be reached. (`timeout`, not wget -T: the
# latter crashes in some static busybox builds.)
failed=0
for target in "$@"; do
  host="${target%%:*}"
  if ! nslookup "$host" >/dev/null 2>&1; then
    echo "$host: does not resolve"
    failed=$((failed + 1))
  elif body=$(timeout 5 wget -q -O - "http://$target/" 2>&1); then
    echo "$host: resolves, answers \"$body\""
  else
    echo "$host: resolves, no answer ($body)"
    failed=$((failed + 1))
  fi
done
exit "$failed"
