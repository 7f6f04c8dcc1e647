#!/usr/bin/env python3
"""Issue 17, differential: GET /metrics of `bmcwsman serve --lan` and Debian's
prometheus-ipmi-exporter 1.6.1 (remote mode: FreeIPMI over LAN) read the same ipmi_sim
(run through sim/ipmi_sim/with_ipmi_sim.py). Every series the exporter exports for the
ipmi, bmc, chassis and sel collectors must be in bmcwsman's output with the same name,
labels, type and HELP and the same value (within the sensor's resolution: FreeIPMI prints
two decimals); the differences are listed in DIFFERENCES with their reason. Also: promtool
on both outputs, both formats, authentication, a stale and an unreachable model, and no
BMC transaction per scrape.

Usage: exporter_diff_test.py PATH_TO_BMCWSMAN
"""
import os
import shutil
import subprocess
import ssl
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import metrics_harness as mh  # noqa: E402

BMCWSMAN = None
ENV = os.environ
PROMETHEUS_ACCEPT = ("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                     "text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
DIFFERENCES = mh.DIFFERENCES
INHERITED_LINT = 'ipmi_sel_logs_count non-histogram and non-summary metrics should not have "_count" suffix'


def promtool(text):
    r = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True, text=True, timeout=60)
    return r.returncode, {line.strip() for line in (r.stdout + r.stderr).splitlines() if line.strip()}


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV and mh.EXPORTER and shutil.which("promtool"),
                     "run through with_ipmi_sim.py with prometheus-ipmi-exporter and prometheus installed")
class AgreesWithIpmiExporter(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.agent = mh.Agent(BMCWSMAN, ["--max-reading-age", "600"])
        exporter = mh.Exporter()
        try:
            status, _, cls.theirs_text = mh.get(exporter.url(), timeout=60)
            assert status == 200, cls.theirs_text
        finally:
            exporter.stop()
        status, cls.our_headers, cls.ours_text = mh.get(cls.agent.url(), mh.basic())
        assert status == 200, cls.ours_text
        cls.theirs, cls.their_types, cls.their_helps = mh.parse(cls.theirs_text)
        cls.ours, cls.our_types, cls.our_helps = mh.parse(cls.ours_text)
        cls.resolution = mh.resolutions(BMCWSMAN)

    @classmethod
    def tearDownClass(cls):
        cls.agent.stop()

    def test_every_exporter_series_is_served_with_the_same_value(self):
        seen = mh.assert_exporter_series_served(self, self.theirs, self.ours, self.resolution)
        self.assertEqual(seen, set(DIFFERENCES), "the listed differences are the ones found")

    def test_types_and_help_are_the_exporters(self):
        for name, kind in self.their_types.items():
            self.assertEqual(self.our_types.get(name), kind, name)
            self.assertEqual(self.our_helps.get(name), self.their_helps[name], name)

    def test_our_extra_series_are_bmcwsman_or_shared_instances(self):
        their_keys = {(n, dict(l).get("id")) for n, l in self.theirs}
        for name, labels in self.ours:
            if name.startswith("bmcwsman_"):
                continue
            self.assertIn((name, dict(labels).get("id")), their_keys, f"{name} {dict(labels)}")

    def test_bmcwsman_families(self):
        self.assertEqual(self.ours[("bmcwsman_bmc_reachable", frozenset())], 1)
        self.assertLess(self.ours[("bmcwsman_model_age_seconds", frozenset())], 600)
        self.assertEqual(self.our_types["bmcwsman_polls_total"], "counter")
        for family in ("bmcwsman_poll_failures_total", "bmcwsman_auth_failures_total", "bmcwsman_open_connections",
                       "bmcwsman_subscriptions", "bmcwsman_poll_seconds_total", "bmcwsman_wsman_requests_total"):
            self.assertIn(family, self.our_types)

    def test_promtool_finds_only_the_exporters_own_name(self):
        rc, problems = promtool(self.ours_text)
        their_rc, their_problems = promtool(self.theirs_text)
        # ipmi_sel_logs_count is the exporter's name (collector_sel.go); keeping it keeps
        # dashboards working, and promtool says the same of the exporter's own output.
        self.assertEqual(problems, {INHERITED_LINT})
        self.assertEqual(their_problems, {INHERITED_LINT})
        self.assertEqual((rc, their_rc), (3, 3))
        without = "\n".join(line for line in self.ours_text.splitlines() if "ipmi_sel_logs_count" not in line) + "\n"
        self.assertEqual(promtool(without), (0, set()))

    def test_content_types_and_openmetrics(self):
        self.assertEqual(self.our_headers["Content-Type"], "text/plain; version=0.0.4; charset=utf-8")
        self.assertFalse(self.ours_text.rstrip().endswith("# EOF"))
        status, headers, body = mh.get(self.agent.url(), mh.basic(), accept=PROMETHEUS_ACCEPT)
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/openmetrics-text; version=1.0.0; charset=utf-8")
        self.assertTrue(body.endswith("# EOF\n"))
        self.assertIn("# TYPE bmcwsman_polls counter\n", body)
        self.assertRegex(body, r"\nbmcwsman_polls_total \d+\n")
        # The same series as the text format, counters aside.
        om, _, _ = mh.parse(body.replace("# EOF\n", ""))
        self.assertEqual({k for k in om if not k[0].startswith("bmcwsman_")},
                         {k for k in self.ours if not k[0].startswith("bmcwsman_")})

    def test_authentication_as_wsman(self):
        status, headers, _ = mh.get(self.agent.url())
        self.assertEqual(status, 401)
        self.assertTrue(any(v.startswith("Basic ") for v in headers.get_all("WWW-Authenticate")))
        status, _, _ = mh.get(self.agent.url(), mh.basic(password="wrong"))
        self.assertEqual(status, 401)
        _, _, after = mh.get(self.agent.url(), mh.basic())
        series, _, _ = mh.parse(after)
        self.assertGreaterEqual(series[("bmcwsman_auth_failures_total", frozenset())], 1)
        status, _, _ = mh.get(self.agent.url("/metrics/x"), mh.basic())
        self.assertEqual(status, 404)

    def test_scrapes_ask_nothing_of_the_bmc(self):
        def polls():
            series, _, _ = mh.parse(mh.get(self.agent.url(), mh.basic())[2])
            return series[("bmcwsman_polls_total", frozenset())], series[("bmcwsman_poll_seconds_total", frozenset())]

        before = polls()
        for _ in range(200):
            self.assertEqual(mh.get(self.agent.url(), mh.basic())[0], 200)
        self.assertEqual(polls(), before)

    def test_wsman_requests_counted(self):
        # The request itself is not under test here: the project's client sends it.
        p = subprocess.run([os.environ["BMCWSMAN_CLIENT"], "identify", "-r", self.agent.url("/wsman"), "-u", mh.USER,
                            "--format", "json"], capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, WSMAN_PASS=mh.PASSWORD), stdin=subprocess.DEVNULL)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("ProductVendor", p.stdout)
        series, _, _ = mh.parse(mh.get(self.agent.url(), mh.basic())[2])
        key = ("bmcwsman_wsman_requests_total", frozenset({"operation": "Identify", "status": "200"}.items()))
        self.assertGreaterEqual(series.get(key, 0), 1)


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV, "run through with_ipmi_sim.py")
class NeverStaleAsFresh(unittest.TestCase):
    def test_readings_older_than_the_maximum_age_are_not_fresh(self):
        agent = mh.Agent(BMCWSMAN, ["--max-reading-age", "2"], poll_interval="3600")
        try:
            first, _, _ = mh.parse(mh.get(agent.url(), mh.basic())[2])
            time.sleep(2.5)
            later, _, _ = mh.parse(mh.get(agent.url(), mh.basic())[2])
        finally:
            agent.stop()
        up = ("ipmi_up", frozenset({"collector": "ipmi"}.items()))
        self.assertEqual(first[up], 1)
        self.assertEqual(later[up], 0)
        self.assertGreater(later[("bmcwsman_model_age_seconds", frozenset())], 2)
        self.assertFalse([k for k in later if k[0] == "ipmi_temperature_celsius"])
        # A stale model is reported, not re-read on the scrape's account.
        self.assertEqual(later[("bmcwsman_polls_total", frozenset())], first[("bmcwsman_polls_total", frozenset())])

    def test_an_unreachable_bmc_turns_up_to_zero_and_back(self):
        agent = mh.Agent(BMCWSMAN, ["--max-reading-age", "30", "--timeout", "500"], poll_interval="1")
        up = ("ipmi_up", frozenset({"collector": "ipmi"}.items()))

        def wait_for(value, seconds=30):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                series, _, _ = mh.parse(mh.get(agent.url(), mh.basic())[2])
                if series[up] == value:
                    return series
                time.sleep(0.2)
            self.fail(f"ipmi_up never became {value}")

        try:
            wait_for(1)
            mh.control("pause")
            try:
                down = wait_for(0)
                self.assertEqual(down[("bmcwsman_bmc_reachable", frozenset())], 0)
                self.assertGreater(down[("bmcwsman_poll_failures_total", frozenset())], 0)
            finally:
                mh.control("resume")
            wait_for(1)
        finally:
            agent.stop()


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV and shutil.which("openssl"), "run through with_ipmi_sim.py")
class AnonymousOnlyOnLoopbackHttp(unittest.TestCase):
    def test_anonymous_loopback_lets_http_scrapes_through_but_not_https(self):
        directory = tempfile.mkdtemp(prefix="bmcwsman-metrics-tls-")
        cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "1", "-subj", "/CN=127.0.0.1"], capture_output=True, check=True, timeout=60)
        tls_port = mh.free_port()
        agent = mh.Agent(BMCWSMAN, ["--metrics-anonymous-loopback", "--tls-cert", cert, "--tls-key", key,
                                    "--https-listen", f"127.0.0.1:{tls_port}"])
        try:
            status, _, body = mh.get(agent.url())
            self.assertEqual(status, 200)
            self.assertIn("ipmi_up", body)
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            url = f"https://127.0.0.1:{tls_port}/metrics"
            status, headers, _ = mh.get(url, context=context)
            self.assertEqual(status, 401)
            self.assertTrue(any(v.startswith("Basic ") for v in headers.get_all("WWW-Authenticate")))
            self.assertEqual(mh.get(url, mh.basic(), context=context)[0], 200)
            # /ipmi follows the same setting (here: no module "default" configured, 400); WS-Management
            # still asks for credentials.
            self.assertEqual(mh.get(agent.url("/ipmi?target=x"))[0], 400)
            req = urllib.request.Request(agent.url("/wsman"), data=b"<x/>", method="POST",
                                         headers={"Content-Type": "application/soap+xml;charset=UTF-8"})
            with self.assertRaises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(req, timeout=30)
            self.assertEqual(refused.exception.code, 401)
        finally:
            agent.stop()
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    BMCWSMAN = sys.argv.pop(1)
    unittest.main(verbosity=2)
