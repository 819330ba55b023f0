#!/usr/bin/env bash
# The system packages the tests need that Maven Central cannot bring, checked (and, as root, installed) by the
# first step of `./mvnw verify` (the exec-maven-plugin execution "provision-system-packages" in pom.xml):
#   ffmpeg             Debian's build: the speech tests need its pocketsphinx `asr` filter
#   pocketsphinx-en-us the offline English model that filter loads
#   chromium           the browser tests drive it with playwright-core
#   kubernetes-client  kubectl, whose built-in kustomize renders deploy/ for DeployManifestsTest
# Idempotent: when everything is there it does nothing. Installs with apt-get only when running as root;
# otherwise it fails at once, naming the packages and the command. -DskipTests skips it.
set -euo pipefail

missing=()
check() {
  missing=()
  local filters=""
  if command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1; then
    filters=$(ffmpeg -hide_banner -filters 2>/dev/null || true)
  fi
  grep -qE '^ *[.A-Z|]+ +asr +' <<<"$filters" || missing+=(ffmpeg)
  [ -d /usr/share/pocketsphinx/model/en-us/en-us ] || missing+=(pocketsphinx-en-us)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
}

check
[ "${#missing[@]}" -eq 0 ] && exit 0

command_line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need these Debian packages, which are missing: ${missing[*]}" >&2
  echo "Install them as root, then run the tests again:  sudo sh -c '$command_line'" >&2
  exit 1
fi

echo "[provision] Installing ${missing[*]} with apt-get (needed by the tests)"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
check
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installed, but still not usable: ${missing[*]} (is /usr/bin on PATH? does ffmpeg list the asr filter?)" >&2
  exit 1
fi
