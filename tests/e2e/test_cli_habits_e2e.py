# SPDX-License-Identifier: MIT
"""End-to-end: the CLI's az habits against the real CLI and the HTTPS
simulator. Short flags and aliases reach the same request as the long forms,
--no-wait and --wait, each --output format's exact shape for get, wait and
start, per-command help, and one list of options shared by the parser, the
help, the man page and the bash completion."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from e2e_util import ACCOUNT, AMSOP_BIN, OP, RG, ROOT, SUB, SimTestCase, ids_target, run_cli

EVENT = "myLiveEvent1"
POSIX = os.path.join(ROOT, "boards", "posix")
MAN = os.path.join(POSIX, "amsop.1")
COMPLETION = os.path.join(POSIX, "amsop.bash-completion")
COMMANDS = ("get", "wait", "show", "start", "stop", "reset")
FORMATS = ["text", "json", "jsonc", "table", "tsv", "none"]
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# Table columns: Status, Name, HttpStatus, ErrorCode (12, 36, 10, 28 wide, 2 apart), RequestId.
COLS = [(0, 12), (14, 50), (52, 62), (64, 92), (94, None)]
TABLE_HEAD = "Status        Name                                  HttpStatus  ErrorCode" \
             "                     RequestId"
TABLE_RULE = "-" * 12 + "  " + "-" * 36 + "  " + "-" * 10 + "  " + "-" * 28 + "  " + "-" * 9


def amsop(*args, env=None):
    full_env = {k: v for k, v in os.environ.items()
                if k != "AMSOP_ACCESS_TOKEN" and not k.startswith("AZURE_")}
    full_env.update(env or {})
    return subprocess.run([AMSOP_BIN, *args], capture_output=True, text=True, timeout=30,
                          env=full_env, stdin=subprocess.DEVNULL)


def cells(row):
    return [row[a:b].strip() if b else row[a:].strip() for a, b in COLS]


def json_stream(text):
    """Every JSON document in text, in order (jsonc prints one after another)."""
    dec, objs, i = json.JSONDecoder(), [], 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i == len(text):
            return objs
        obj, i = dec.raw_decode(text, i)
        objs.append(obj)


def action_long(event=EVENT):
    return ["--subscription", SUB, "--resource-group", RG, "--account", ACCOUNT,
            "--live-event", event]


def action_short(event=EVENT):
    return ["--subscription", SUB, "-g", RG, "-a", ACCOUNT, "-n", event]


def action_aliases(event=EVENT):
    return ["--subscription", SUB, "--resource-group", RG, "--account-name", ACCOUNT,
            "--name", event]


class SpellingTests(SimTestCase):
    def test_short_flags_and_aliases_read_the_same_operation(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:9")
        spellings = [
            ids_target(),
            ["--subscription", SUB, "-g", RG, "-a", ACCOUNT, "--operation", OP],
            ["--subscription", SUB, "-g" + RG, "-a" + ACCOUNT, "--operation", OP],
            ["--subscription", SUB, "--resource-group=" + RG, "--account-name", ACCOUNT,
             "--operation", OP],
            ["--subscription", SUB, "-g", RG, "--account-name=" + ACCOUNT, "--operation", OP],
        ]
        for target in spellings:
            proc, _ = run_cli(sim, "get", target, "-o", "json")
            self.assertEqual(proc.returncode, 0, (target, proc.stderr))
            self.assertEqual(json.loads(proc.stdout)["status"], "InProgress")
        reqs = sim.requests()
        self.assertEqual(len(reqs), len(spellings))
        self.assertEqual({(r["method"], r["path"], r["query"]) for r in reqs},
                         {("GET", f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft."
                           f"Media/mediaservices/{ACCOUNT}/liveEventOperations/{OP}",
                           "api-version=2022-11-01")})

    def test_action_short_flags_and_aliases_post_the_same_path(self):
        sim = self.start_sim("--polls", "1", "--retry-after", "0")
        for target in (action_long(), action_short(), action_aliases()):
            proc, _ = run_cli(sim, "start", target, "--wait")
            self.assertEqual(proc.returncode, 0, (target, proc.stderr))
        posts = [(r["path"], r["query"]) for r in sim.requests() if r["method"] == "POST"]
        self.assertEqual(posts, [(f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft."
                                  f"Media/mediaservices/{ACCOUNT}/liveEvents/{EVENT}/start",
                                  "api-version=2022-11-01")] * 3)

    def test_two_spellings_of_one_option_are_refused(self):
        for args in (["get", "-a", "x", "--account", "y"], ["start", "-n", "e", "--name", "f"],
                     ["start", "--live-event", "e", "-n", "f"]):
            proc = amsop(*args)
            self.assertEqual(proc.returncode, 2, args)
            self.assertIn("given twice", proc.stderr)
        proc = amsop("get", "-x")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("unknown option '-x'", proc.stderr)
        proc = amsop("wait", "-n", EVENT, *ids_target())
        self.assertEqual(proc.returncode, 2)
        self.assertIn("belongs to show, start, stop and reset", proc.stderr)

    def test_no_wait_and_wait(self):
        sim = self.start_sim("--polls", "2", "--retry-after", "0")
        proc, _ = run_cli(sim, "start", action_short(), "--no-wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r"^202 Accepted, Azure-AsyncOperation: https://\S+\n$")
        self.assertEqual([r["method"] for r in sim.requests()], ["POST"])  # no poll

        # The first event stays Starting until its operation is read: another one.
        proc, _ = run_cli(sim, "start", action_short("otherEvent"), "--wait")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("Succeeded", proc.stdout.splitlines()[-2])
        self.assertEqual(proc.stdout.splitlines()[-1], "live event otherEvent: Running")
        # the polls, then the live event's own GET
        self.assertEqual([r["method"] for r in sim.requests()],
                         ["POST", "POST", "GET", "GET", "GET", "GET"])
        self.assertTrue(sim.requests()[-1]["path"].endswith("/liveEvents/otherEvent"))

        n = len(sim.requests())
        proc, _ = run_cli(sim, "stop", action_short(), "--wait", "--no-wait")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--wait and --no-wait conflict", proc.stderr)
        proc, _ = run_cli(sim, "get", ids_target(), "--no-wait")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--no-wait belong to start, stop and reset", proc.stderr)
        self.assertEqual(len(sim.requests()), n)


class OutputTests(SimTestCase):
    def get(self, sim, fmt, target=None):
        proc, _ = run_cli(sim, "get", target or ids_target(), "--output", fmt)
        return proc

    def test_get_json_and_jsonc_are_the_same_object(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:9")
        one = self.get(sim, "json")
        pretty = self.get(sim, "jsonc")
        self.assertEqual((one.returncode, pretty.returncode), (0, 0), one.stderr + pretty.stderr)
        self.assertEqual(len(one.stdout.splitlines()), 1)
        a, (b,) = json.loads(one.stdout), json_stream(pretty.stdout)
        self.assertEqual(list(a), list(b))  # same keys, same order
        self.assertRegex(b.pop("requestId"), "^" + UUID + "$")
        a.pop("requestId")
        self.assertEqual(a, b)
        lines = pretty.stdout.splitlines()
        self.assertEqual(lines[0], "{")
        self.assertEqual(lines[1], '  "httpStatus": 200,')
        self.assertIn('  "error": {', lines)
        self.assertIn('    "code": "None",', lines)
        self.assertEqual(lines[-1], "}")
        self.assertIn('  "truncated": []', lines)

    def test_get_table(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:9")
        proc = self.get(sim, "table")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        head, rule, row = proc.stdout.splitlines()
        self.assertEqual(head, TABLE_HEAD)
        self.assertEqual(rule, TABLE_RULE)
        status, name, http, code, request_id = cells(row)
        self.assertEqual((status, name, http, code), ("InProgress", OP, "200", "None"))
        self.assertRegex(request_id, "^" + UUID + "$")
        self.assertEqual(row, row.rstrip())

    def test_get_tsv(self):
        sim = self.start_sim("--operation", f"{OP}=Succeeded:9")
        proc = self.get(sim, "tsv")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        (line,) = proc.stdout.splitlines()
        fields = line.split("\t")
        self.assertEqual(fields[:4], ["InProgress", OP, "200", "None"])
        self.assertRegex(fields[4], "^" + UUID + "$")
        self.assertEqual(len(fields), 5)

    def test_none_prints_nothing_and_keeps_the_exit_code(self):
        sim = self.start_sim("--operation", f"{OP}=Failed:1", "--retry-after", "0")
        proc = self.get(sim, "none")
        self.assertEqual((proc.returncode, proc.stdout), (0, ""), proc.stderr)
        proc, _ = run_cli(sim, "wait", ids_target(), "-o", "none")
        self.assertEqual((proc.returncode, proc.stdout), (1, ""), proc.stderr)  # Failed
        proc = self.get(sim, "none", ids_target("00000000-0000-0000-0000-000000000000"))
        self.assertEqual((proc.returncode, proc.stdout), (4, ""))
        self.assertIn("AMSOP_ERR_HTTP_STATUS", proc.stderr)  # errors still on stderr

    def test_error_reply_in_table_and_tsv(self):
        sim = self.start_sim()
        missing = ids_target("00000000-0000-0000-0000-000000000000")
        proc = self.get(sim, "table", missing)
        self.assertEqual(proc.returncode, 4)
        head, rule, row = proc.stdout.splitlines()
        self.assertEqual(head, TABLE_HEAD)
        self.assertEqual(cells(row)[0:4], ["", "", "404", "ResourceNotFound"])
        proc = self.get(sim, "tsv", missing)
        self.assertEqual(proc.returncode, 4)
        self.assertEqual(proc.stdout.split("\t")[0:4], ["", "", "404", "ResourceNotFound"])

    def test_wait_in_every_format(self):
        out = {}
        for fmt in FORMATS:  # a fresh operation for each: InProgress, then Succeeded
            sim = self.start_sim("--operation", f"{OP}=Succeeded:2", "--retry-after", "0")
            proc, _ = run_cli(sim, "wait", ids_target(), "--output", fmt)
            self.assertEqual(proc.returncode, 0, (fmt, proc.stderr))
            out[fmt] = proc.stdout
            sim.stop()
        self.assertEqual([o["status"] for o in json_stream(out["json"])],
                         ["InProgress", "Succeeded"])
        self.assertEqual(len(out["json"].splitlines()), 2)
        self.assertEqual([o["status"] for o in json_stream(out["jsonc"])],
                         ["InProgress", "Succeeded"])
        self.assertGreater(len(out["jsonc"].splitlines()), 20)
        lines = out["table"].splitlines()
        self.assertEqual(lines[:2], [TABLE_HEAD, TABLE_RULE])  # one header for all rows
        self.assertEqual([cells(r)[0:4] for r in lines[2:]],
                         [["InProgress", OP, "200", "None"], ["Succeeded", OP, "200", "None"]])
        self.assertEqual([l.split("\t")[0:3] for l in out["tsv"].splitlines()],
                         [["InProgress", OP, "200"], ["Succeeded", OP, "200"]])
        self.assertEqual(out["none"], "")
        self.assertRegex(out["text"], r"\] Succeeded")

    def test_start_wait_in_table_and_tsv(self):
        sim = self.start_sim("--polls", "1", "--retry-after", "0")
        proc, _ = run_cli(sim, "start", action_short(), "--wait", "-o", "tsv")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        first, *reads = proc.stdout.splitlines()
        action, http, async_op, location = first.split("\t")
        self.assertEqual((action, http), ("start", "202"))
        self.assertRegex(async_op, r"^https://localhost:\d+/subscriptions/.*/liveeventoperations/")
        self.assertIn("/operationlocations/", location)
        self.assertEqual([r.split("\t")[0] for r in reads[:-1]], ["InProgress", "Succeeded"])
        # the live event itself last, as `show -o tsv` prints it
        self.assertEqual(reads[-1].split("\t")[0:3], [EVENT, "Running", "RTMP"])

        proc, _ = run_cli(sim, "stop", action_short(), "--wait", "-o", "table")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertRegex(lines[0], r"^Action  HttpStatus  AsyncOperation +Location$")
        self.assertRegex(lines[2], r"^stop    202         https://")
        self.assertEqual(lines[3:5], [TABLE_HEAD, TABLE_RULE])
        self.assertEqual([cells(r)[0] for r in lines[5:7]], ["InProgress", "Succeeded"])
        # then the live event's own table
        self.assertRegex(lines[7], r"^Name +ResourceState +StreamingProtocol +EncodingType +IngestUrl$")
        self.assertEqual(lines[9].split()[0:4], [EVENT, "Stopped", "RTMP", "PassthroughStandard"])
        self.assertEqual(len(lines), 10)

        proc, _ = run_cli(sim, "start", action_short(), "-o", "jsonc")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        (obj,) = json_stream(proc.stdout)
        self.assertEqual((obj["httpStatus"], obj["action"]), (202, "start"))
        self.assertTrue(proc.stdout.startswith('{\n  "httpStatus": 202,\n'))
        proc, _ = run_cli(sim, "stop", action_short("otherEvent"), "-o", "none")
        self.assertEqual((proc.returncode, proc.stdout), (0, ""), proc.stderr)

    def test_formats_make_no_heap_call_from_amsop_code(self):
        counter = os.environ.get("AMSOP_MALLOC_COUNT")
        if not counter or not os.path.exists(counter):
            self.skipTest("AMSOP_MALLOC_COUNT not built (ctest sets it)")
        if os.environ.get("AMSOP_COVERAGE"):
            # gcov's own runtime in the instrumented CLI allocates: it would
            # be counted as a heap call from amsop code (mk/coverage.mk).
            self.skipTest("coverage build (make coverage sets AMSOP_COVERAGE)")
        for fmt in ("jsonc", "table", "tsv", "none"):
            sim = self.start_sim("--operation", f"{OP}=Succeeded:2", "--retry-after", "0")
            report = os.path.join(sim.dir, "heap.txt")
            proc, _ = run_cli(sim, "wait", ids_target(), "-o", fmt, preload=counter,
                              env={"AMSOP_MALLOC_REPORT": report})
            self.assertEqual(proc.returncode, 0, proc.stderr)
            with open(report, encoding="utf-8") as f:
                counts = {k: int(v) for k, v in
                          (line.rsplit(" ", 1) for line in f.read().splitlines())}
            self.assertEqual(counts.get("EXECUTABLE", 0) + counts.get("NET EXECUTABLE", 0), 0,
                             (fmt, counts))
            sim.stop()

    def test_unknown_format_is_a_usage_error(self):
        proc = amsop("get", *ids_target(), "-o", "yaml")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--output must be text, json, jsonc, table, tsv or none", proc.stderr)


class HelpTests(unittest.TestCase):
    def test_per_command_help(self):
        global_help = amsop("--help").stdout
        for cmd in COMMANDS:
            texts = [amsop("help", cmd), amsop(cmd, "--help"), amsop(cmd, "-h"),
                     amsop(cmd, "-g", RG, "--help")]
            for proc in texts:
                self.assertEqual(proc.returncode, 0, (cmd, proc.stderr))
                self.assertEqual(proc.stdout, texts[0].stdout)
            text = texts[0].stdout
            self.assertTrue(text.startswith("usage: amsop %s " % cmd), text)
            self.assertIn("\nOptions:\n", text)
            self.assertIn("\nExamples:\n  amsop %s " % cmd, text)
            self.assertNotEqual(text, global_help)
            self.assertIn("-o, --output FORMAT", text)
            if cmd in ("get", "wait"):
                for opt in ("--operation ID", "--url URL", "--subscription ID"):
                    self.assertIn(opt, text)
                for opt in ("--live-event", "--no-wait"):
                    self.assertNotIn(opt, text)
                self.assertEqual("--timeout" in text, cmd == "wait")
            elif cmd == "show":
                for opt in ("-n, --live-event, --name NAME", "-g, --resource-group NAME",
                            "-a, --account, --account-name NAME"):
                    self.assertIn(opt, text)
                for opt in ("--operation", "--wait", "--timeout"):
                    self.assertNotIn(opt, text)
                self.assertIn("GET .../liveEvents/{name}", text)
            else:
                for opt in ("-n, --live-event, --name NAME", "--wait ", "--no-wait",
                            "-g, --resource-group NAME", "-a, --account, --account-name NAME"):
                    self.assertIn(opt, text)
                self.assertNotIn("--operation", text)
                self.assertIn("POST .../liveEvents/{name}/%s" % cmd, text)

    def test_global_help(self):
        texts = [amsop("--help"), amsop("-h"), amsop("help"), amsop("help", "help")]
        for proc in texts:
            self.assertEqual(proc.returncode, 0)
            self.assertEqual(proc.stdout, texts[0].stdout)
        for word in ("amsop help CMD", "jsonc", "table", "tsv", "none", "--no-wait",
                     "-g/--resource-group", "--account-name", "-n/--live-event/--name"):
            self.assertIn(word, texts[0].stdout)

    def test_help_for_an_unknown_command_exits_2(self):
        proc = amsop("help", "frob")
        self.assertEqual((proc.returncode, proc.stdout), (2, ""))
        self.assertIn("unknown command 'frob'", proc.stderr)
        proc = amsop("help", "get", "wait")
        self.assertEqual(proc.returncode, 2)
        proc = amsop("frob", "--help")
        self.assertEqual(proc.returncode, 2)


def parser_options():
    """(long, short, alias) of each row of the CLI's option table, from its source."""
    with open(os.path.join(POSIX, "cli_args.c"), encoding="utf-8") as f:
        src = f.read()
    table = src[src.index("k_opts[OPT__COUNT] = {"):]
    table = table[:table.index("};")]
    rows = re.findall(r'\{"(--[a-z-]+)",\s*(?:\'(.)\'|0),\s*(?:"(--[a-z-]+)"|NULL)', table)
    return rows


def long_options(text):
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*[a-z]", text))


def complete(*words):
    """COMPREPLY of bash with the completion function loaded, for `words` (the
    last one is the word under the cursor)."""
    script = 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); ' \
             'COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; _amsop; printf "%s\\n" "${COMPREPLY[@]}"'
    proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", script, "bash", COMPLETION,
                           *words], capture_output=True, text=True, timeout=30, check=True)
    return [w for w in proc.stdout.splitlines() if w]


REJECTED = re.compile(r"unknown option|belongs? to|applies to|take the live event")


def accepted(cmd, opt):
    """Does `amsop CMD OPT` get past the check of which options CMD takes?"""
    target = ids_target() if cmd in ("get", "wait") else action_long()
    value = {"--output": ["json"], "--timeout": ["5"]}.get(opt, ["x"])
    flags = {"--wait", "--no-wait", "--verbose", "--help", "--version"}
    proc = amsop(cmd, *target, opt, *([] if opt in flags else value),
                 "--endpoint", "https://127.0.0.1:9")
    return REJECTED.search(proc.stderr) is None


class ConsistencyTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rows = parser_options()
        cls.longs = {r[0] for r in cls.rows} | {r[2] for r in cls.rows if r[2]}
        cls.shorts = {"-" + r[1] for r in cls.rows if r[1]}
        with open(MAN, encoding="utf-8") as f:
            cls.man = f.read().replace("\\-", "-")
        with open(COMPLETION, encoding="utf-8") as f:
            cls.completion = f.read()

    def test_the_table_has_the_az_spellings(self):
        self.assertGreaterEqual(len(self.rows), 18)
        for opt in ("--resource-group", "--account-name", "--name", "--no-wait", "--output",
                    "--subscription", "--live-event", "--account"):
            self.assertIn(opt, self.longs)
        self.assertEqual(self.shorts, {"-g", "-a", "-n", "-o", "-h"})

    def test_every_option_is_documented_everywhere(self):
        global_help = amsop("--help").stdout
        for where, text in (("man page", self.man), ("global help", global_help),
                            ("completion", self.completion)):
            self.assertEqual(self.longs - long_options(text), set(), where)
        for short in self.shorts:
            self.assertRegex(self.man, r"\.BR %s\b" % short)
            self.assertIn(" %s " % short, self.completion + " ")

    def test_per_command_help_and_completion_list_what_the_command_takes(self):
        for cmd in COMMANDS:
            takes = {opt for opt in self.longs if accepted(cmd, opt)}
            help_text = amsop("help", cmd).stdout
            options = help_text.split("\nOptions:\n", 1)[1].split("\nExamples:\n", 1)[0]
            self.assertEqual(long_options(options), takes, cmd)
            self.assertEqual(set(complete("amsop", cmd, "--")), takes, cmd)
        self.assertTrue(accepted("start", "--no-wait"))
        self.assertFalse(accepted("get", "--no-wait"))
        self.assertFalse(accepted("get", "--timeout"))

    def test_completion(self):
        self.assertEqual(complete("amsop", "wa"), ["wait"])
        self.assertEqual(complete("amsop", "wait", "--out"), ["--output"])
        self.assertEqual(complete("amsop", "get", "--output", ""), FORMATS)
        self.assertEqual(complete("amsop", "get", "-o", "j"), ["json", "jsonc"])
        self.assertEqual(complete("amsop", "get", "--output=t"), ["--output=text", "--output=table",
                                                                  "--output=tsv"])
        self.assertEqual(complete("amsop", "help", "st"), ["start", "stop"])
        self.assertEqual(set(complete("amsop", "")), set(COMMANDS) | {"help", "version", "--help",
                                                                       "-h", "--version"})
        self.assertIn("-n", complete("amsop", "start", "-"))
        self.assertNotIn("-n", complete("amsop", "get", "-"))

    def test_installed_with_the_cli(self):
        # AMSOP_BIN is <build>/boards/posix/amsop; that directory's install
        # rules are the CLI's: bin/amsop, the man page, the completion.
        rules = os.path.join(os.path.dirname(AMSOP_BIN), "cmake_install.cmake")
        if not os.path.exists(rules) or shutil.which("cmake") is None:
            self.skipTest("no cmake_install.cmake next to %s" % AMSOP_BIN)
        with tempfile.TemporaryDirectory(prefix="amsop-install-") as prefix:
            subprocess.run(["cmake", "-DCMAKE_INSTALL_PREFIX=" + prefix, "-P", rules],
                           check=True, capture_output=True, timeout=120)
            for installed, source in (("share/man/man1/amsop.1", MAN),
                                      ("share/bash-completion/completions/amsop", COMPLETION)):
                with open(os.path.join(prefix, installed), "rb") as f, open(source, "rb") as g:
                    self.assertEqual(f.read(), g.read(), installed)
            self.assertTrue(os.access(os.path.join(prefix, "bin", "amsop"), os.X_OK))

    def test_man_page_renders_without_warnings(self):
        groff = shutil.which("groff")
        if groff is None:
            self.skipTest("groff is not installed: the man page was not rendered")
        proc = subprocess.run([groff, "-man", "-Tutf8", "-ww", "-z", MAN], capture_output=True,
                              text=True, timeout=60)
        self.assertEqual((proc.returncode, proc.stderr), (0, ""))
        if shutil.which("man"):
            proc = subprocess.run(["man", "--warnings", "-l", MAN], capture_output=True,
                                  text=True, timeout=60, env=dict(os.environ, MANWIDTH="80"))
            self.assertEqual((proc.returncode, proc.stderr), (0, ""))
            for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS", "OUTPUT",
                            "EXIT STATUS", "ENVIRONMENT", "EXAMPLES", "SEE ALSO"):
                self.assertRegex(proc.stdout, r"(?m)^%s$" % section)
        with open(MAN, encoding="utf-8") as f:
            self.assertIn("SPDX-License-Identifier: MIT", f.readline())


if __name__ == "__main__":
    unittest.main()
