# SPDX-License-Identifier: MIT
"""A network namespace with a TAP device for the lwIP end-to-end tests.

The namespace holds the kernel side of the link (10.77.0.1/24 on the TAP
device, where the simulator listens) and the lwIP board opens the same TAP
device from inside it (`ip netns exec`), taking 10.77.0.2 in lwIP. Nothing
leaves the namespace; deleting it removes the device too.
"""
import os
import shutil
import subprocess
import uuid

HOST_IP = "10.77.0.1"
LWIP_IP = "10.77.0.2"
TAP = "amsoptap0"


def _ip(*args, check=True):
    return subprocess.run(["ip", *args], capture_output=True, text=True, timeout=20, check=check)


def unavailable():
    """Why this machine cannot run the tests (None when it can)."""
    if shutil.which("ip") is None:
        return "the ip command (iproute2) is missing"
    if not os.path.exists("/dev/net/tun"):
        return "/dev/net/tun does not exist"
    if os.geteuid() != 0:
        return "network namespaces need root"
    probe = "amsop-probe-" + uuid.uuid4().hex[:8]
    rc = _ip("netns", "add", probe, check=False)
    if rc.returncode != 0:
        return "ip netns add failed: " + rc.stderr.strip()
    try:
        rc = _ip("-n", probe, "tuntap", "add", "dev", TAP, "mode", "tap", check=False)
        if rc.returncode != 0:
            return "ip tuntap add failed: " + rc.stderr.strip()
    finally:
        _ip("netns", "del", probe, check=False)
    return None


class TapNamespace:
    """Creates the namespace and TAP link; delete() always cleans up."""

    def __init__(self):
        self.name = f"amsop-lwip-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        _ip("netns", "add", self.name)
        try:
            _ip("-n", self.name, "link", "set", "lo", "up")
            _ip("-n", self.name, "tuntap", "add", "dev", TAP, "mode", "tap")
            _ip("-n", self.name, "addr", "add", HOST_IP + "/24", "dev", TAP)
            _ip("-n", self.name, "link", "set", TAP, "up")
        except Exception:
            self.delete()
            raise

    def exec_prefix(self):
        return ["ip", "netns", "exec", self.name]

    def delete(self):
        _ip("netns", "del", self.name, check=False)

    def exists(self):
        return self.name in _ip("netns", "list").stdout
