# SPDX-License-Identifier: MIT
"""End-to-end: `amsop show` (GET .../liveEvents/{name}) and the live event
state after start|stop|reset --wait, the real CLI against the simulator over
real TLS. Every expected value is read from the simulator's own document
(fetched here with Python's http.client), not written twice."""
import http.client
import json
import ssl
import unittest

from e2e_util import ACCOUNT, RG, SUB, SimTestCase, run_cli

EVENT = "myLiveEvent1"
STATE_MAX = 24  # CONFIG_AMSOP_LIVE_STATE_MAX (NUL included)


def show_target(event=EVENT):
    return ["--subscription", SUB, "-g", RG, "-a", ACCOUNT, "-n", event]


def live_path(event=EVENT):
    return (f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Media/"
            f"mediaservices/{ACCOUNT}/liveEvents/{event}")


class ShowTestCase(SimTestCase):
    def doc(self, sim, event=EVENT):
        """The simulator's LiveEvent document, as Python reads it."""
        ctx = ssl.create_default_context(cafile=sim.ca)
        conn = http.client.HTTPSConnection("localhost", sim.port, context=ctx, timeout=10)
        conn.request("GET", live_path(event) + "?api-version=2022-11-01",
                     headers={"Authorization": "Bearer " + sim.token})
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        self.assertEqual(resp.status, 200, body)
        return json.loads(body)

    def show(self, sim, *extra, event=EVENT):
        proc, _ = run_cli(sim, "show", show_target(event), *extra)
        self.assertNoTokenLeak(sim, proc.stdout, proc.stderr)
        return proc

    def expected_text(self, doc):
        props = doc["properties"]
        lines = ["resource state: " + props["resourceState"], "name: " + doc["name"],
                 "streaming protocol: " + props["input"]["streamingProtocol"]]
        eps = props["input"]["endpoints"]
        lines += ["ingest endpoint: %s %s" % (e["protocol"], e["url"]) for e in eps[:2]]
        if len(eps) > 2:
            lines.append("ingest endpoints: %d (the first 2 shown)" % len(eps))
        lines.append("encoding type: " + props["encoding"]["encodingType"])
        opts = props["streamOptions"]
        lines.append("stream options: " + opts[0] + (" (+%d more)" % (len(opts) - 1)
                                                    if len(opts) > 1 else ""))
        lines.append("http status: 200")
        return lines


class ShowTests(ShowTestCase):
    def test_text_lists_what_an_encoder_needs(self):
        sim = self.start_sim()
        doc = self.doc(sim)
        proc = self.show(sim)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertEqual(lines[:-1], self.expected_text(doc))
        self.assertRegex(lines[-1], r"^request id: \S+$")
        # preview.endpoints have the same keys as the ingest ones: not shown
        preview = doc["properties"]["preview"]["endpoints"][0]["url"]
        self.assertNotIn(preview, proc.stdout)
        # the request: one GET of the live event itself
        reads = [r for r in sim.requests() if r["path"] == live_path()]
        self.assertEqual([(r["method"], r["query"]) for r in reads][-1],
                         ("GET", "api-version=2022-11-01"))

    def test_json_matches_the_document(self):
        sim = self.start_sim("--live-event-protocol", "FragmentedMP4",
                             "--live-event-extra-endpoints", "3",
                             "--live-event-stream-options", "LowLatency,Default",
                             "--live-event-encoding", "Standard")
        doc = self.doc(sim)
        props = doc["properties"]
        for fmt in ("json", "jsonc"):
            proc = self.show(sim, "-o", fmt)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            obj = json.loads(proc.stdout)
            if fmt == "json":
                self.assertEqual(proc.stdout.count("\n"), 1)  # one object, one line
            else:
                self.assertGreater(proc.stdout.count("\n"), 20)  # indented
            self.assertEqual(obj["httpStatus"], 200)
            self.assertEqual(obj["name"], doc["name"])
            self.assertEqual(obj["resourceState"], props["resourceState"])
            self.assertEqual(obj["input"]["streamingProtocol"], "FragmentedMP4")
            self.assertEqual(obj["input"]["endpoints"], props["input"]["endpoints"][:2])
            self.assertEqual(obj["input"]["endpointsCount"], 4)  # exact, two kept
            self.assertEqual(obj["encoding"], {"encodingType": "Standard"})
            self.assertEqual(obj["streamOptions"], ["LowLatency"])
            self.assertEqual(obj["streamOptionsCount"], 2)
            self.assertEqual(obj["truncated"], [])
        self.assertTrue(proc.stdout.startswith('{\n  "httpStatus": 200,\n'))  # jsonc indents
        proc = self.show(sim)
        self.assertEqual(proc.stdout.splitlines()[:-1], self.expected_text(doc))

    def test_table_and_tsv(self):
        sim = self.start_sim()
        url = self.doc(sim)["properties"]["input"]["endpoints"][0]["url"]
        proc = self.show(sim, "-o", "tsv")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout, "\t".join([EVENT, "Stopped", "RTMP", "PassthroughStandard",
                                                 url]) + "\n")
        proc = self.show(sim, "-o", "table")
        lines = proc.stdout.splitlines()
        self.assertEqual(len(lines), 3)
        self.assertRegex(lines[0], r"^Name {22}ResourceState {3}StreamingProtocol {3}"
                                   r"EncodingType {10}IngestUrl$")
        self.assertEqual(lines[2].split(), [EVENT, "Stopped", "RTMP", "PassthroughStandard", url])
        proc = self.show(sim, "-o", "none")
        self.assertEqual((proc.returncode, proc.stdout), (0, ""))

    def test_a_value_past_its_field_is_cut_and_flagged(self):
        whole = "E" * (STATE_MAX - 1)  # exactly fits (the control)
        sim = self.start_sim("--live-event-encoding", whole)
        obj = json.loads(self.show(sim, "-o", "json").stdout)
        self.assertEqual((obj["encoding"]["encodingType"], obj["truncated"]), (whole, []))
        sim = self.start_sim("--live-event-encoding", whole + "X")
        proc = self.show(sim, "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        obj = json.loads(proc.stdout)
        self.assertEqual(obj["encoding"]["encodingType"], whole)
        self.assertEqual(obj["truncated"], ["encodingType"])
        self.assertIn("truncated: encodingType\n", self.show(sim).stdout)

    def test_a_live_event_that_does_not_exist(self):
        sim = self.start_sim("--live-event", "gone=absent")
        proc = self.show(sim, event="gone")
        self.assertEqual(proc.returncode, 4, proc.stderr)
        self.assertEqual(proc.stdout, "")
        self.assertIn("http status: 404", proc.stderr)
        self.assertIn("error code: ResourceNotFound", proc.stderr)
        self.assertIn("liveevents/gone", proc.stderr)
        self.assertRegex(proc.stderr, r"client request id: [0-9a-f-]{36}")
        # the control: another live event on the same simulator is there
        self.assertEqual(self.show(sim).returncode, 0)

    def test_bad_input_sends_nothing(self):
        sim = self.start_sim()
        cases = [(["--subscription", SUB, "-g", RG, "-a", ACCOUNT, "-n", "bad_name!"], []),
                 (["--subscription", "not-a-guid", "-g", RG, "-a", ACCOUNT, "-n", EVENT], []),
                 (show_target(), ["--wait"]), (show_target(), ["--no-wait"]),
                 (show_target(), ["--timeout", "5"]),
                 (show_target(), ["--operation", "62e4d893-d233-4005-988e-a428d9f77076"]),
                 (["--subscription", SUB, "-g", RG, "-a", ACCOUNT], [])]
        for target, extra in cases:
            proc, _ = run_cli(sim, "show", target, *extra)
            self.assertEqual(proc.returncode, 2, (target, extra, proc.stderr))
            self.assertEqual(proc.stdout, "")
        arm = [r for r in sim.requests() if r["path"].startswith("/subscriptions/")]
        self.assertEqual(arm, [])
        # the control: a good one is sent and recorded
        self.assertEqual(self.show(sim).returncode, 0)
        arm = [r for r in sim.requests() if r["path"].startswith("/subscriptions/")]
        self.assertEqual([r["path"] for r in arm], [live_path()])

    def test_per_command_help(self):
        proc, _ = run_cli(None, "help", ["show"])
        self.assertEqual(proc.returncode, 0)
        self.assertIn("usage: amsop show", proc.stdout)
        self.assertIn("resourceState", proc.stdout)


class StateFollowsActionsTests(ShowTestCase):
    def state(self, sim):
        proc = self.show(sim, "-o", "tsv")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout.split("\t")[1]

    def test_show_follows_start_stop_reset(self):
        sim = self.start_sim("--polls", "1", "--retry-after", "0")
        self.assertEqual(self.state(sim), "Stopped")
        proc, _ = run_cli(sim, "start", show_target(), "--no-wait", "-o", "json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        url = json.loads(proc.stdout)["asyncOperation"]
        self.assertEqual(self.state(sim), "Starting")  # while its operation runs
        proc, _ = run_cli(sim, "wait", ["--url", url])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.state(sim), "Running")

        proc, _ = run_cli(sim, "reset", show_target(), "--wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[-1], f"live event {EVENT}: Running")

        proc, _ = run_cli(sim, "stop", show_target(), "--wait", "-o", "tsv")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        last = proc.stdout.splitlines()[-1].split("\t")
        self.assertEqual(last[:2], [EVENT, "Stopped"])
        self.assertEqual(self.state(sim), "Stopped")

    def test_final_state_after_a_failed_operation(self):
        """A Failed operation leaves the live event where it was: the final
        line says so, the exit code stays the operation's (1)."""
        sim = self.start_sim("--polls", "1", "--retry-after", "0", "--final", "Failed")
        proc, _ = run_cli(sim, "start", show_target(), "--wait")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertIn("Failed", proc.stdout.splitlines()[-2])
        self.assertEqual(proc.stdout.splitlines()[-1], f"live event {EVENT}: Stopped")

    def test_no_state_line_without_wait_or_after_a_deadline(self):
        sim = self.start_sim("--polls", "100", "--retry-after", "1")
        proc, _ = run_cli(sim, "start", show_target(), "--no-wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn("live event", proc.stdout)
        proc, _ = run_cli(sim, "start", show_target("otherEvent"), "--wait", "--timeout", "1.5")
        self.assertEqual(proc.returncode, 5, proc.stderr)
        self.assertNotIn("live event", proc.stdout)
        gets = [r for r in sim.requests() if r["path"].startswith(live_path("otherEvent"))
                and r["method"] == "GET"]
        self.assertEqual(gets, [])


if __name__ == "__main__":
    unittest.main()
