#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds mbedTLS 2.28 from its Debian source package (tools/fetch_deb_source.sh,
# cached outside the repo) as static libraries with our user config
# (amsop_mbedtls_user_config.h: MBEDTLS_MEMORY_BUFFER_ALLOC_C over a static
# pool). The build goes to OUT (a build dir); rebuilt only when missing.
#   tools/mbedtls_build/build.sh OUT
# Prints OUT; OUT/include and OUT/library/libmbed{tls,x509,crypto}.a result.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
stamp="$out/.amsop-built"
cfg="$here/../../port/tls/mbedtls/amsop_mbedtls_user_config.h"
if [ -f "$stamp" ] && [ "$stamp" -nt "$cfg" ]; then
    echo "$out"
    exit 0
fi
src="$("$here/../fetch_deb_source.sh" mbedtls)"
case "$(basename "$src")" in
    mbedtls-2.28.*) ;;
    *) echo "expected mbedTLS 2.28 source, got $src" >&2; exit 1 ;;
esac
rm -rf "$out/src"
cp -a "$src" "$out/src"
cp "$cfg" "$out/src/include/amsop_mbedtls_user_config.h"
make -s -C "$out/src/library" -j "$(nproc)" libmbedtls.a libmbedx509.a libmbedcrypto.a \
    CC="${CC:-gcc}" \
    CFLAGS="-O2 -fPIC -DMBEDTLS_USER_CONFIG_FILE='\"amsop_mbedtls_user_config.h\"'" >&2
rm -rf "$out/include" "$out/library"
mkdir -p "$out/library"
cp -a "$out/src/include" "$out/include"
cp "$out/src/library/"*.a "$out/library/"
touch "$stamp"
echo "$out"
