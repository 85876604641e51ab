#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fetches a Debian source package (e.g. mbedtls, lwip) with `apt-get source`
# into a cache outside the repository, using a private apt configuration with
# deb-src entries (the system's apt sources are never edited).
#   tools/fetch_deb_source.sh PACKAGE [CACHE_DIR]
# Prints the unpacked source directory on stdout.
set -euo pipefail
pkg="$1"
cache="${2:-${AMSOP_SRC_CACHE:-$HOME/.cache/amsop-src}}"
mkdir -p "$cache"
existing="$(find "$cache" -maxdepth 1 -type d -name "${pkg}-[0-9]*" | sort | tail -1)"
if [ -n "$existing" ] && [ -f "$existing/.amsop-fetched" ]; then
    echo "$existing"
    exit 0
fi
command -v dpkg-source >/dev/null || {
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq dpkg-dev >&2; else
        echo "need dpkg-dev: sudo apt-get install -y dpkg-dev" >&2; exit 1; fi; }

apt_dir="$cache/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/sources.list.d"
# deb-src lines mirroring the system's deb lines (one-line and deb822 forms).
{
    grep -hsE '^\s*deb\s' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
        sed -E 's/^\s*deb\s/deb-src /' || true
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk 'BEGIN{RS="";FS="\n"} {
            uris="";suites="";comps="";
            for(i=1;i<=NF;i++){
              if($i ~ /^URIs:/){sub(/^URIs:[ \t]*/,"",$i);uris=$i}
              if($i ~ /^Suites:/){sub(/^Suites:[ \t]*/,"",$i);suites=$i}
              if($i ~ /^Components:/){sub(/^Components:[ \t]*/,"",$i);comps=$i}
              if($i ~ /^Signed-By:/){sub(/^Signed-By:[ \t]*/,"",$i);signed=$i}
            }
            n=split(suites,s," "); split(uris,u," ");
            for(k=1;k<=n;k++){ opt=(signed!="")?" [signed-by="signed"]":""; print "deb-src" opt " " u[1] " " s[k] " " comps }
        }' "$f"
    done
} | sort -u > "$apt_dir/sources.list"
[ -s "$apt_dir/sources.list" ] || { echo "no apt sources found to mirror" >&2; exit 1; }
opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=$apt_dir/sources.list.d"
      -o "Dir::State::lists=$apt_dir/lists" -o "Dir::Cache::archives=$apt_dir/archives"
      -o "APT::Sandbox::User=root")
apt-get "${opts[@]}" update -qq >&2
(cd "$cache" && apt-get "${opts[@]}" source -qq "$pkg" >&2)
dir="$(find "$cache" -maxdepth 1 -type d -name "${pkg}-[0-9]*" | sort | tail -1)"
[ -n "$dir" ] || { echo "apt-get source $pkg produced no directory" >&2; exit 1; }
touch "$dir/.amsop-fetched"
echo "$dir"
