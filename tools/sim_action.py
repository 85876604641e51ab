#!/usr/bin/env python3
"""POST a live event action (start|stop|reset) to the simulator and print the
Azure-AsyncOperation URL of the 202 reply. Used by `make demo` until the CLI
has its own `amsop start` (issue 5). Standard library only.

usage: sim_action.py STATE_DIR ACTION SUBSCRIPTION RESOURCE_GROUP ACCOUNT LIVE_EVENT TOKEN_FILE
"""
import http.client
import json
import os
import ssl
import sys


def main() -> int:
    if len(sys.argv) != 8:
        print(__doc__, file=sys.stderr)
        return 2
    state, action, sub, rg, acct, event, token_file = sys.argv[1:]
    with open(os.path.join(state, "ready.json"), encoding="utf-8") as f:
        ready = json.load(f)
    with open(token_file, encoding="utf-8") as f:
        token = f.read().strip()
    ctx = ssl.create_default_context(cafile=ready["ca"])
    conn = http.client.HTTPSConnection("localhost", ready["port"], context=ctx, timeout=10)
    path = (f"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Media/mediaservices/"
            f"{acct}/liveEvents/{event}/{action}?api-version=2022-11-01")
    body = b'{"removeOutputsOnStop":false}' if action == "stop" else b""
    conn.request("POST", path, body=body, headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    resp = conn.getresponse()
    resp.read()
    url = resp.getheader("Azure-AsyncOperation")
    if resp.status != 202 or not url:
        print(f"sim_action: {action} answered {resp.status}", file=sys.stderr)
        return 1
    print(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
