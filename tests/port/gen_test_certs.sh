#!/bin/sh
# SPDX-License-Identifier: MIT
# Writes throw-away test PKI into DIR with the openssl CLI (never committed):
#   ca.pem            trusted test root
#   other_ca.pem      a root the client is not told to trust
#   server.pem/.key   CN/SAN localhost, signed by ca.pem
#   wrong.pem/.key    CN/SAN wrong.example, signed by ca.pem
# usage: gen_test_certs.sh DIR   (OPENSSL names the openssl binary)
set -eu
d=$1
o=${OPENSSL:-openssl}

root() { # name cn
    "$o" req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$d/$1.key" -out "$d/$1.pem" -days 2 -subj "/CN=$2" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

leaf() { # name dns-name
    printf '%s\n' "subjectAltName=DNS:$2" "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$d/$1.ext"
    "$o" req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$d/$1.key" -out "$d/$1.csr" -subj "/CN=$2" 2>/dev/null
    "$o" x509 -req -in "$d/$1.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -set_serial "$3" \
        -days 2 -extfile "$d/$1.ext" -out "$d/$1.pem" 2>/dev/null
}

root ca "amsop test root"
root other_ca "amsop untrusted root"
leaf server localhost 1001
leaf wrong wrong.example 1002
