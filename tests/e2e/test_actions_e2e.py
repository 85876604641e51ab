# SPDX-License-Identifier: MIT
"""End-to-end: `amsop start|stop|reset [--wait]` with Azure AD client
credentials, against the simulator's token endpoint and live event state
machine, over real TLS. Covers token refresh ahead of expiry during a long
wait, the one retry after a 401 from ARM, and a wrong client secret."""
import http.client
import json
import ssl
import unittest

from e2e_util import ACCOUNT, RG, SUB, SimTestCase, run_cli

CLIENT_ID = "6f1e2d3c-4b5a-4978-8877-665544332211"
SECRET = "e2e~Secret.value_with+odd/chars="
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
EVENT = "myLiveEvent1"
STOP_BODY = b'{"removeOutputsOnStop":false}'


def creds(sim, secret=SECRET, authority=True):
    env = {"AZURE_TENANT_ID": TENANT, "AZURE_CLIENT_ID": CLIENT_ID,
           "AZURE_CLIENT_SECRET": secret, "AZURE_SUBSCRIPTION_ID": SUB}
    if authority:
        env["AZURE_AUTHORITY_HOST"] = sim.endpoint
    return env


def action_target(event=EVENT):
    return ["--resource-group", RG, "--account", ACCOUNT, "--live-event", event]


class ActionTestCase(SimTestCase):
    def start_aad_sim(self, *args):
        return self.start_sim("--tenant", TENANT, "--client-id", CLIENT_ID,
                              "--client-secret", SECRET, *args)

    def act(self, sim, command, *extra, secret=SECRET, event=EVENT, timeout=60):
        return run_cli(sim, command, action_target(event), *extra, token_file=False,
                       env=creds(sim, secret), timeout=timeout)[0]

    def state(self, sim, event=EVENT):
        """The live event's resourceState, read with the simulator's static token."""
        ctx = ssl.create_default_context(cafile=sim.ca)
        conn = http.client.HTTPSConnection("localhost", sim.port, context=ctx, timeout=10)
        conn.request("GET", f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Media/"
                     f"mediaservices/{ACCOUNT}/liveEvents/{event}?api-version=2022-11-01",
                     headers={"Authorization": "Bearer " + sim.token})
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        self.assertEqual(resp.status, 200, body)
        return json.loads(body)["properties"]["resourceState"]

    def token_posts(self, sim):
        return [r for r in sim.requests() if r["path"].endswith("/oauth2/v2.0/token")]

    def arm_requests(self, sim):
        return [r for r in sim.requests() if r["path"].startswith("/subscriptions/")]

    def assertNoSecretLeak(self, proc):
        self.assertNotIn(SECRET, proc.stdout + proc.stderr)


class StartStopResetTests(ActionTestCase):
    def test_start_stop_reset_with_wait(self):
        sim = self.start_aad_sim("--polls", "2", "--retry-after", "0")
        self.assertEqual(self.state(sim), "Stopped")

        proc = self.act(sim, "start", "--wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertRegex(lines[0], r"^202 Accepted, Azure-AsyncOperation: https://localhost:\d+/"
                         r"subscriptions/.*/liveeventoperations/[0-9a-f-]{36}\?api-version=")
        self.assertIn("InProgress", lines[1])
        self.assertIn("Succeeded", lines[-2])
        # the final line: the live event's resourceState, read after the operation
        self.assertEqual(lines[-1], f"live event {EVENT}: Running")
        self.assertEqual(self.state(sim), "Running")
        self.assertNoSecretLeak(proc)

        proc = self.act(sim, "reset", "--wait", "--output", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        objs = [json.loads(line) for line in proc.stdout.splitlines()]
        self.assertEqual(objs[0]["httpStatus"], 202)
        self.assertEqual(objs[0]["action"], "reset")
        self.assertIn("/liveeventoperations/", objs[0]["asyncOperation"])
        self.assertEqual(objs[-2]["status"], "Succeeded")
        self.assertEqual((objs[-1]["name"], objs[-1]["resourceState"]), (EVENT, "Running"))
        self.assertEqual(self.state(sim), "Running")

        proc = self.act(sim, "stop", "--wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[-1], f"live event {EVENT}: Stopped")
        self.assertEqual(self.state(sim), "Stopped")

        posts = [r for r in self.arm_requests(sim) if r["method"] == "POST"]
        self.assertEqual([p["path"].rsplit("/", 1)[1] for p in posts], ["start", "reset", "stop"])
        for p in posts:
            self.assertEqual(p["path"], f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/"
                             f"Microsoft.Media/mediaservices/{ACCOUNT}/liveEvents/{EVENT}/"
                             + p["path"].rsplit("/", 1)[1])
            self.assertEqual(p["query"], "api-version=2022-11-01")
        self.assertEqual(posts[0]["body_len"], 0)
        self.assertEqual(posts[0]["headers"]["content-length"], "0")
        self.assertEqual(posts[2]["body_len"], len(STOP_BODY))
        self.assertEqual(posts[2]["headers"]["content-type"], "application/json")

    def test_location_only_reply_is_followed(self):
        """A 202 with Location only: the fallback (target.c's one host
        check) follows the operation to Succeeded."""
        sim = self.start_aad_sim("--polls", "1", "--retry-after", "0", "--action-reply", "location")
        proc = self.act(sim, "start", "--wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout.splitlines()[0], r"^202 Accepted, Location: https://")
        self.assertIn("Succeeded", proc.stdout.splitlines()[-2])
        self.assertEqual(proc.stdout.splitlines()[-1], f"live event {EVENT}: Running")
        gets = [r for r in self.arm_requests(sim) if r["method"] == "GET"][:-1]  # the last: show
        self.assertGreaterEqual(len(gets), 1)
        for g in gets:
            self.assertRegex(g["path"], r"/liveEventOperations/[0-9a-f-]{36}$")
        self.assertEqual(self.state(sim), "Running")

    def test_synchronous_200_is_done(self):
        """200 {} without an operation header: done, exit 0, nothing polled."""
        sim = self.start_aad_sim("--action-reply", "sync200")
        proc = self.act(sim, "start", "--wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("completed synchronously", proc.stdout)
        self.assertEqual([r["method"] for r in self.arm_requests(sim)], ["POST"])
        self.assertEqual(self.state(sim), "Running")

    def test_first_poll_waits_retry_after_ms(self):
        """retry-after-ms on the 202 (700 ms) wins over its Retry-After (5 s)
        and is waited before the first poll; the control is the gap itself:
        well under 5 s, at least 0.6 s."""
        sim = self.start_aad_sim("--polls", "0", "--retry-after", "5",
                                 "--action-retry-after-ms", "700")
        proc = self.act(sim, "start", "--wait", "--timeout", "20")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        reqs = self.arm_requests(sim)
        post = next(r for r in reqs if r["method"] == "POST")
        get = next(r for r in reqs if r["method"] == "GET")
        self.assertGreaterEqual(get["ts"] - post["ts"], 0.6)
        self.assertLess(get["ts"] - post["ts"], 4.0)

    def test_token_request_shape_and_isolation(self):
        sim = self.start_aad_sim("--polls", "1", "--retry-after", "0")
        proc = self.act(sim, "start")  # no --wait: the POST only
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(len(proc.stdout.splitlines()), 1)
        (post,) = self.token_posts(sim)
        self.assertEqual(post["method"], "POST")
        self.assertEqual(post["path"], f"/{TENANT}/oauth2/v2.0/token")
        self.assertEqual(post["headers"]["content-type"], "application/x-www-form-urlencoded")
        self.assertNotIn("authorization", post["headers"])  # never a bearer token there
        self.assertEqual(post["form"], {"grant_type": "client_credentials", "client_id": CLIENT_ID,
                                        "client_secret": f"<redacted len={len(SECRET)}>",
                                        "scope": f"{sim.endpoint}/.default"})
        # The secret decoded to its exact length: the form encoding was right.
        (arm,) = self.arm_requests(sim)
        self.assertRegex(arm["headers"]["authorization"], r"^Bearer <redacted len=\d+>$")
        self.assertNoSecretLeak(proc)

    def test_reset_of_stopped_event_is_refused(self):
        sim = self.start_aad_sim("--polls", "1", "--retry-after", "0")
        proc = self.act(sim, "reset", "--wait")
        self.assertEqual(proc.returncode, 4, proc.stdout)
        self.assertIn("AMSOP_ERR_HTTP_STATUS", proc.stderr)
        self.assertIn("http status: 400", proc.stderr)
        self.assertEqual(self.state(sim), "Stopped")

    def test_failed_start_leaves_event_stopped(self):
        sim = self.start_aad_sim("--polls", "1", "--retry-after", "0", "--final", "Failed")
        proc = self.act(sim, "start", "--wait")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("Failed", proc.stdout)
        self.assertEqual(self.state(sim), "Stopped")

    def test_large_token_through_a_small_io_buffer(self):
        # 12 KB tokens: the default token buffer holds them, and the request
        # streams them through the 512-byte I/O buffer.
        sim = self.start_aad_sim("--polls", "1", "--retry-after", "0", "--token-size", "12288")
        proc = self.act(sim, "start", "--wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        arm = self.arm_requests(sim)
        self.assertTrue(arm)
        for r in arm:
            self.assertEqual(r["headers"]["authorization"], "Bearer <redacted len=12288>")

    def test_usage_errors_send_nothing(self):
        sim = self.start_aad_sim()
        proc = self.act(sim, "start", event="bad_name!")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--live-event", proc.stderr)
        proc = run_cli(sim, "stop", ["--resource-group", RG, "--account", ACCOUNT],
                       token_file=False, env=creds(sim))[0]
        self.assertEqual(proc.returncode, 2)
        proc = run_cli(sim, "start", action_target() + ["--operation", "x"], token_file=False,
                       env=creds(sim))[0]
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(sim.requests(), [])


class TokenLifetimeTests(ActionTestCase):
    def test_refresh_ahead_of_expiry_during_a_long_wait(self):
        # Tokens live 2 s; the operation runs 6 s. The client refreshes at
        # half the lifetime, so ARM never sees an expired token.
        sim = self.start_aad_sim("--token-lifetime", "2", "--seconds", "6", "--retry-after", "1")
        proc = self.act(sim, "start", "--wait", "--verbose")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("Succeeded", proc.stdout)
        posts = self.token_posts(sim)
        self.assertGreaterEqual(len(posts), 3, [r["path"] for r in sim.requests()])
        self.assertTrue(all(r["status"] == 200 for r in posts))
        self.assertFalse([r for r in self.arm_requests(sim) if r["status"] == 401])
        self.assertRegex(proc.stderr, r"token_fetches=%d\b" % len(posts))
        self.assertNoSecretLeak(proc)

    def test_401_from_arm_refreshes_once_and_retries(self):
        # The token endpoint claims an hour but the tokens die after 1.5 s:
        # ARM answers 401 ExpiredAuthenticationToken, the client fetches a
        # new token once and repeats the request.
        sim = self.start_aad_sim("--token-lifetime", "1.5", "--token-expires-in", "3600",
                                 "--seconds", "5", "--retry-after", "1")
        proc = self.act(sim, "start", "--wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        log = sim.requests()
        expired = [i for i, r in enumerate(log) if r["status"] == 401]
        self.assertTrue(expired, "no 401 seen; the test did not test anything")
        for i in expired:
            self.assertTrue(log[i + 1]["path"].endswith("/oauth2/v2.0/token"))
            self.assertEqual(log[i + 2]["path"], log[i]["path"])  # the same request again
            self.assertEqual(log[i + 2]["status"], 200)
        self.assertEqual(len(self.token_posts(sim)), len(expired) + 1)

    def test_a_401_after_a_fresh_token_is_reported(self):
        # Tokens are dead on arrival: one refresh, then the 401 is the answer.
        sim = self.start_aad_sim("--token-lifetime", "0", "--token-expires-in", "3600")
        proc = self.act(sim, "start", "--output", "json")
        self.assertEqual(proc.returncode, 4, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["error"]["code"], "ExpiredAuthenticationToken")
        self.assertEqual([r["status"] for r in sim.requests()], [200, 401, 200, 401])


class WrongSecretTests(ActionTestCase):
    def test_wrong_secret(self):
        sim = self.start_aad_sim()
        wrong = "not-the-secret-" + SECRET
        proc = self.act(sim, "start", "--wait", secret=wrong)
        self.assertEqual(proc.returncode, 4, proc.stderr)
        self.assertIn("AMSOP_ERR_AAD: Azure AD refused the token request", proc.stderr)
        self.assertIn("token endpoint http status: 401", proc.stderr)
        self.assertIn("error: invalid_client", proc.stderr)
        self.assertIn("AADSTS7000215", proc.stderr)
        self.assertIn("error_codes: 7000215", proc.stderr)
        self.assertRegex(proc.stderr, r"trace_id: [0-9a-f-]{36}")
        self.assertRegex(proc.stderr, r"correlation_id: [0-9a-f-]{36}")
        self.assertNotIn(wrong, proc.stdout + proc.stderr)
        self.assertEqual(self.arm_requests(sim), [])  # nothing reached ARM

    def test_explicit_token_wins_over_credentials(self):
        sim = self.start_aad_sim("--polls", "0")
        proc = run_cli(sim, "start", action_target(), env=creds(sim, "wrong"))[0]
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.token_posts(sim), [])

    def test_authority_host_option(self):
        sim = self.start_aad_sim("--polls", "0")
        env = creds(sim, authority=False)
        proc = run_cli(sim, "start", action_target(), "--authority-host",
                       f"localhost:{sim.port}", token_file=False, env=env)[0]
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(len(self.token_posts(sim)), 1)


if __name__ == "__main__":
    unittest.main()
