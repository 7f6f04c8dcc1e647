#!/usr/bin/env python3
"""Issue 17, multi-target mode: GET /ipmi?target=HOST[:PORT]&module=NAME of `bmcwsman serve`
(modules from its configuration file) next to the ipmi_sim of with_ipmi_sim.py, against
Debian's prometheus-ipmi-exporter 1.6.1 in its remote mode on the same ipmi_sim: the same
series and values, the same answers to a missing target and an unknown module; warm models
between scrapes; malformed queries, unreachable and slow BMCs answered within the scrape
timeout without holding the other targets; the bound on targets and the idle timeout.

Usage: multi_target_test.py PATH_TO_BMCWSMAN
"""
import os
import shutil
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import metrics_harness as mh  # noqa: E402

BMCWSMAN = None
ENV = os.environ


def config_agent(extra=(), module_timeout_ms=500, poll_interval="3600"):
    """An agent whose configuration has modules "default" (ipmi_sim's user) and "slow" (10 s per command)."""
    _, user, password = mh.lan()
    directory = tempfile.mkdtemp(prefix="bmcwsman-mt-")
    password_file = os.path.join(directory, "bmc-password")
    with open(password_file, "w") as f:
        f.write(password + "\n")
    os.chmod(password_file, 0o600)
    config = os.path.join(directory, "bmcwsman.toml")
    with open(config, "w") as f:
        for name, timeout in (("default", module_timeout_ms), ("slow", 10000)):
            f.write(f'[modules.{name}]\nuser = "{user}"\npassword_file = "{password_file}"\n'
                    f'workarounds = "opensesspriv"\ntimeout_ms = {timeout}\n'
                    'collectors = ["ipmi", "bmc", "chassis", "sel"]\n')
    agent = mh.Agent(BMCWSMAN, ["--config", config, "--max-reading-age", "600", *extra], poll_interval=poll_interval)
    agent.config_dir = directory
    return agent


def stop(agent):
    agent.stop()
    shutil.rmtree(agent.config_dir, ignore_errors=True)


def target_url(agent, target, module="default"):
    return agent.url(f"/ipmi?target={target}&module={module}")


def closed_udp_target():
    return f"127.0.0.1:{mh.free_port()}"


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV and mh.EXPORTER, "run through with_ipmi_sim.py with "
                     "prometheus-ipmi-exporter installed")
class MultiTargetAgreesWithIpmiExporter(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.agent = config_agent()
        cls.exporter = mh.Exporter()
        cls.sim = ENV["BMCWSMAN_TEST_LAN_HOST"]

    @classmethod
    def tearDownClass(cls):
        cls.exporter.stop()
        stop(cls.agent)

    def scrape(self, target=None, module="default", timeout_header=None):
        url = target_url(self.agent, target or self.sim, module)
        headers = {"X-Prometheus-Scrape-Timeout-Seconds": timeout_header} if timeout_header else {}
        return mh.get(url, mh.basic(), extra_headers=headers)

    def test_same_series_as_the_exporters_remote_mode(self):
        status, _, theirs_text = mh.get(self.exporter.url(), timeout=60)
        self.assertEqual(status, 200)
        status, headers, ours_text = self.scrape()
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "text/plain; version=0.0.4; charset=utf-8")
        theirs, their_types, _ = mh.parse(theirs_text)
        ours, our_types, _ = mh.parse(ours_text)
        seen = mh.assert_exporter_series_served(self, theirs, ours, mh.resolutions(BMCWSMAN))
        self.assertEqual(seen, set(mh.DIFFERENCES))
        for name, kind in their_types.items():
            self.assertEqual(our_types.get(name), kind, name)
        # Per target, bmcwsman adds only the model's age and the BMC's reachability.
        self.assertEqual({n for n, _ in ours if not n.startswith("ipmi_")},
                         {"bmcwsman_model_age_seconds", "bmcwsman_bmc_reachable"})

    def test_refusals_answered_as_the_exporter_answers_them(self):
        port = self.exporter.port
        for query in ("module=default", f"target={self.sim}&module=nope"):
            with self.subTest(query=query):
                their_status, _, their_body = mh.get(f"http://127.0.0.1:{port}/ipmi?{query}")
                status, _, body = mh.get(self.agent.url("/ipmi?" + query), mh.basic())
                self.assertEqual((status, body.strip()), (their_status, their_body.strip()))
        for query in ("target=%zz", "target=a:0", "target=a&target=b", "target=" + "a" * 2000, "target=a/b"):
            with self.subTest(query=query):
                started = time.monotonic()
                status, _, _ = mh.get(self.agent.url("/ipmi?" + query), mh.basic())
                self.assertEqual(status, 400)
                self.assertLess(time.monotonic() - started, 1)
        self.assertEqual(mh.get(self.agent.url("/ipmi?target=" + self.sim))[0], 401)

    def test_warm_model_between_scrapes(self):
        self.assertEqual(self.scrape()[0], 200)
        first, _, _ = mh.parse(self.scrape()[2])
        time.sleep(1.2)
        started = time.monotonic()
        second, _, _ = mh.parse(self.scrape()[2])
        self.assertLess(time.monotonic() - started, 0.5)
        age = ("bmcwsman_model_age_seconds", frozenset())
        # Not read again for the scrape (poll interval 3600 s): the same model, older.
        self.assertGreater(second[age], first[age] + 1)
        self.assertEqual(second[("ipmi_up", frozenset({"collector": "ipmi"}.items()))], 1)

    def test_unreachable_and_slow_bmcs_answer_in_time_and_hold_no_other_target(self):
        self.assertEqual(self.scrape()[0], 200)  # the good target warm
        results = {}

        def cold(name, target, module):
            started = time.monotonic()
            status, _, body = self.scrape(target, module, timeout_header="1.5")
            results[name] = (status, time.monotonic() - started, mh.parse(body)[0])

        threads = [threading.Thread(target=cold, args=("unreachable", closed_udp_target(), "default")),
                   threading.Thread(target=cold, args=("slow", closed_udp_target(), "slow"))]
        for t in threads:
            t.start()
        time.sleep(0.2)
        started = time.monotonic()
        status, _, body = self.scrape()
        warm_took = time.monotonic() - started
        for t in threads:
            t.join(30)
        self.assertEqual(status, 200)
        self.assertLess(warm_took, 0.5, "the warm target waited for the cold ones")
        for name, (status, took, series) in results.items():
            with self.subTest(target=name):
                self.assertEqual(status, 200)
                self.assertLess(took, 1.5, "answered within the scrape timeout")
                self.assertEqual(series[("ipmi_up", frozenset({"collector": "ipmi"}.items()))], 0)
                self.assertEqual(series[("bmcwsman_bmc_reachable", frozenset())], 0)
        # The slow module (10 s per command) was cut at the scrape timeout, not at its own.
        self.assertGreater(results["slow"][1], 1.0)

    def test_a_paused_bmc_keeps_its_scrapes_prompt(self):
        self.assertEqual(self.scrape()[0], 200)
        mh.control("pause")
        try:
            started = time.monotonic()
            status, _, _ = self.scrape(timeout_header="2")
            self.assertEqual(status, 200)
            self.assertLess(time.monotonic() - started, 0.5)
        finally:
            mh.control("resume")


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV, "run through with_ipmi_sim.py")
class Bounds(unittest.TestCase):
    def test_max_targets_and_idle_timeout(self):
        # The idle timeout must outlast the first scrapes of a and b (each may wait for its
        # unreachable BMC up to the scrape timeout; on a loaded machine a+b took over 2 s, and
        # a was dropped before c asked): 6 s.
        agent = config_agent(["--metrics-max-targets", "2", "--metrics-target-idle", "6"])
        try:
            a, b, c = closed_udp_target(), closed_udp_target(), closed_udp_target()
            for t in (a, b):
                self.assertEqual(mh.get(target_url(agent, t), mh.basic())[0], 200)
            status, _, body = mh.get(target_url(agent, c), mh.basic())
            self.assertEqual(status, 503, body)
            self.assertEqual(mh.get(target_url(agent, a), mh.basic())[0], 200)  # held ones still answer
            time.sleep(6.5)
            self.assertEqual(mh.get(target_url(agent, c), mh.basic())[0], 200)  # the idle ones made room
            time.sleep(0.2)
            log = "".join(agent.log)
            self.assertIn(f"target default/{a} dropped after 6 s without a scrape", log)
            self.assertIn(f"target default/{b} dropped after 6 s without a scrape", log)
        finally:
            stop(agent)


if __name__ == "__main__":
    BMCWSMAN = sys.argv.pop(1)
    unittest.main(verbosity=2)
