#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the provisioning record of the mps2-an386 firmware
(boards/mps2-an386/prov.h): the endpoint, the device's IP configuration,
the CA bundle, the bearer token, the Azure-AsyncOperation URL and the
mbedTLS NV seed, framed by magic, version, length and CRC-32.

usage: mps2_provision.py OUT.bin --host NAME --host-addr A.B.C.D --port N
           --ip A.B.C.D --netmask M [--gateway G] --ca-file PEM
           (--token T | --token-file F |
            --tenant T --client-id ID (--client-secret S | --client-secret-file F)
            [--authority https://HOST[:PORT]] [--authority-addr A.B.C.D])
           --url URL [--seed-hex HEX] [--timeout S] [--corrupt-crc]

The seed is 64 random bytes (os.urandom) unless --seed-hex gives one. Load
the record with QEMU: -device loader,file=OUT.bin,addr=0x00300000.
--corrupt-crc writes a record whose CRC does not match (for tests).
"""
import argparse
import ipaddress
import os
import struct
import sys
import zlib

MAGIC = 0x50534D41  # "AMSP"
VERSION = 1
HEADER_LEN = 16
ADDRESS = 0x00300000
MAX_SIZE = 0x10000

(HOST, HOST_ADDR, PORT, IP, NETMASK, GATEWAY, CA_PEM, TOKEN, URL, NV_SEED, TIMEOUT_S, AUTHORITY,
 TENANT, CLIENT_ID, CLIENT_SECRET, AUTHORITY_ADDR) = range(1, 17)


def field(tag, value):
    if len(value) > 0xFFFF:
        raise ValueError("field %d too long (%d bytes)" % (tag, len(value)))
    return struct.pack("<BH", tag, len(value)) + value


def cstr(s):
    return s.encode("utf-8") + b"\0"


def ip4(s):
    return ipaddress.IPv4Address(s).packed


def record(host, host_addr, port, ip, netmask, gateway, ca_pem, token, url, seed, timeout_s=0,
           creds=None):
    """creds (instead of token): dict of tenant, client_id, client_secret and
    optionally authority, authority_addr."""
    payload = b"".join([
        field(HOST, cstr(host)), field(HOST_ADDR, ip4(host_addr)),
        field(PORT, struct.pack("<H", port)), field(IP, ip4(ip)), field(NETMASK, ip4(netmask)),
        field(GATEWAY, ip4(gateway or "0.0.0.0")), field(CA_PEM, ca_pem.rstrip(b"\0") + b"\0"),
        field(URL, cstr(url)), field(NV_SEED, seed)])
    if token is not None:
        payload += field(TOKEN, cstr(token))
    if creds:
        payload += field(TENANT, cstr(creds["tenant"])) + field(CLIENT_ID, cstr(
            creds["client_id"])) + field(CLIENT_SECRET, cstr(creds["client_secret"]))
        if creds.get("authority"):
            payload += field(AUTHORITY, cstr(creds["authority"]))
        if creds.get("authority_addr"):
            payload += field(AUTHORITY_ADDR, ip4(creds["authority_addr"]))
    if timeout_s:
        payload += field(TIMEOUT_S, struct.pack("<I", timeout_s))
    rec = struct.pack("<IHHII", MAGIC, VERSION, HEADER_LEN, len(payload),
                      zlib.crc32(payload) & 0xFFFFFFFF) + payload
    if len(rec) > MAX_SIZE:
        raise ValueError("record is %d bytes; the slot holds %d" % (len(rec), MAX_SIZE))
    return rec


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--host", required=True)
    ap.add_argument("--host-addr", required=True)
    ap.add_argument("--port", type=int, default=443)
    ap.add_argument("--ip", required=True)
    ap.add_argument("--netmask", default="255.255.255.0")
    ap.add_argument("--gateway", default=None)
    ap.add_argument("--ca-file", required=True)
    tok = ap.add_mutually_exclusive_group()
    tok.add_argument("--token")
    tok.add_argument("--token-file")
    ap.add_argument("--tenant")
    ap.add_argument("--client-id")
    sec = ap.add_mutually_exclusive_group()
    sec.add_argument("--client-secret")
    sec.add_argument("--client-secret-file")
    ap.add_argument("--authority", help="https://HOST[:PORT] (default: Azure AD's)")
    ap.add_argument("--authority-addr", help="the authority host's IPv4 address")
    ap.add_argument("--url", required=True)
    ap.add_argument("--seed-hex", default=None)
    ap.add_argument("--timeout", type=int, default=0, help="wait deadline, seconds")
    ap.add_argument("--corrupt-crc", action="store_true")
    a = ap.parse_args(argv)
    token = a.token
    if a.token_file:
        with open(a.token_file, encoding="utf-8") as f:
            token = f.read().strip()
    creds = None
    secret = a.client_secret
    if a.client_secret_file:
        with open(a.client_secret_file, encoding="utf-8") as f:
            secret = f.read().strip()
    if a.tenant or a.client_id or secret:
        if not (a.tenant and a.client_id and secret):
            ap.error("client credentials need --tenant, --client-id and a secret")
        creds = {"tenant": a.tenant, "client_id": a.client_id, "client_secret": secret,
                 "authority": a.authority, "authority_addr": a.authority_addr}
    if (token is None) == (creds is None):
        ap.error("give either a token or client credentials")
    with open(a.ca_file, "rb") as f:
        ca = f.read()
    seed = bytes.fromhex(a.seed_hex) if a.seed_hex else os.urandom(64)
    rec = bytearray(record(a.host, a.host_addr, a.port, a.ip, a.netmask, a.gateway, ca, token,
                           a.url, seed, a.timeout, creds))
    if a.corrupt_crc:
        rec[12] ^= 0xFF
    with open(a.out, "wb") as f:
        f.write(rec)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
