#!/usr/bin/env python3
"""Issue 17, end to end: a real Prometheus server (Debian's prometheus 2.42) on loopback
scrapes `bmcwsman serve --lan` (Basic authentication, OpenMetrics by negotiation) next to
the ipmi_sim of with_ipmi_sim.py, and PromQL over its HTTP API returns the readings
FreeIPMI's ipmi-sensors reads from the same ipmi_sim.

Usage: prometheus_scrape_test.py PATH_TO_BMCWSMAN
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import metrics_harness as mh  # noqa: E402

BMCWSMAN = None
ENV = os.environ
PROMETHEUS = shutil.which("prometheus")


def freeipmi_temperatures():
    """{name: reading} of every temperature sensor, from ipmi-sensors."""
    host, user, password = mh.lan()
    cache = tempfile.mkdtemp(prefix="bmcwsman-fi-cache-")
    try:
        out = subprocess.run(["ipmi-sensors", "-h", host, "-u", user, "-p", password, "-l", "ADMIN", "-D", "LAN_2_0",
                              "-W", "opensesspriv", f"--sdr-cache-directory={cache}", "--no-header-output",
                              "--comma-separated-output", "-t", "Temperature"],
                             capture_output=True, text=True, timeout=120, check=True).stdout
    finally:
        shutil.rmtree(cache)
    temps = {}
    for line in out.splitlines():
        fields = line.split(",")
        if fields[4] == "C" and fields[3] != "N/A":
            temps[fields[1]] = float(fields[3])
    return temps


class Prometheus:
    def __init__(self, scrape_configs):
        self.dir = tempfile.mkdtemp(prefix="bmcwsman-prometheus-")
        config = os.path.join(self.dir, "prometheus.yml")
        with open(config, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n" + scrape_configs)
        self.port = mh.free_port()
        self.log = open(os.path.join(self.dir, "log"), "w")
        self.proc = subprocess.Popen([PROMETHEUS, f"--config.file={config}",
                                      f"--storage.tsdb.path={os.path.join(self.dir, 'data')}",
                                      f"--web.listen-address=127.0.0.1:{self.port}"],
                                     stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)
        mh.wait_for_port(self.port, 60)
        # The port opens before the TSDB is ready; until then queries answer 503.
        deadline = time.monotonic() + 60
        while mh.get(f"http://127.0.0.1:{self.port}/-/ready")[0] != 200:
            if time.monotonic() > deadline:
                raise AssertionError("prometheus never became ready")
            time.sleep(0.2)

    def query(self, promql):
        status, _, body = mh.get(f"http://127.0.0.1:{self.port}/api/v1/query?" +
                                 urllib.parse.urlencode({"query": promql}))
        if status != 200:
            raise AssertionError(f"{promql}: HTTP {status} {body}")
        return json.loads(body)["data"]["result"]

    def wait(self, promql, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            result = self.query(promql)
            if result:
                return result
            time.sleep(0.5)
        with open(os.path.join(self.dir, "log")) as f:
            raise AssertionError(f"no result for {promql}; prometheus log:\n{f.read()[-3000:]}")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(30)
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV and PROMETHEUS and shutil.which("ipmi-sensors"),
                     "run through with_ipmi_sim.py with prometheus and freeipmi-tools installed")
class PrometheusScrapesTheAgent(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="bmcwsman-prom-agent-")
        _, user, password = mh.lan()
        password_file = os.path.join(cls.dir, "bmc-password")
        with open(password_file, "w") as f:
            f.write(password + "\n")
        config = os.path.join(cls.dir, "bmcwsman.toml")
        with open(config, "w") as f:
            f.write(f'[modules.default]\nuser = "{user}"\npassword_file = "{password_file}"\n'
                    'workarounds = "opensesspriv"\n')
        cls.agent = mh.Agent(BMCWSMAN, ["--config", config, "--max-reading-age", "600"])
        auth = f"    basic_auth: {{username: {mh.USER}, password: {mh.PASSWORD}}}\n"
        # The multi-target job is ipmi_exporter's documented remote job (docs/configuration.md,
        # ipmi_remote.yml) with only the exporter's address changed.
        cls.prometheus = Prometheus(
            "  - job_name: bmcwsman\n" + auth +
            f"    static_configs: [{{targets: ['127.0.0.1:{cls.agent.port}']}}]\n"
            "  - job_name: ipmi_remote\n" + auth +
            "    metrics_path: /ipmi\n"
            "    params: {module: [default]}\n"
            f"    static_configs: [{{targets: ['{ENV['BMCWSMAN_TEST_LAN_HOST']}']}}]\n"
            "    relabel_configs:\n"
            "      - {source_labels: [__address__], target_label: __param_target}\n"
            "      - {source_labels: [__param_target], target_label: instance}\n"
            f"      - {{target_label: __address__, replacement: '127.0.0.1:{cls.agent.port}'}}\n")

    @classmethod
    def tearDownClass(cls):
        cls.prometheus.stop()
        cls.agent.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_local_metrics_scraped_and_queried(self):
        up = self.prometheus.wait('up{job="bmcwsman"} == 1')
        self.assertEqual(len(up), 1)
        expected = freeipmi_temperatures()
        self.assertGreater(len(expected), 5)
        result = self.prometheus.wait('ipmi_temperature_celsius{job="bmcwsman"}')
        got = {r["metric"]["name"]: float(r["value"][1]) for r in result}
        self.assertEqual(set(got), set(expected))
        for name, reading in expected.items():
            self.assertAlmostEqual(got[name], reading, delta=0.5, msg=name)
        # PromQL over the exporter's families as dashboards write it.
        critical = self.prometheus.wait('ipmi_temperature_state{job="bmcwsman"} == 2')
        self.assertEqual({r["metric"]["name"] for r in critical}, {"Cold Plate Temp"})
        self.assertEqual(float(self.prometheus.wait('ipmi_up{collector="ipmi"}')[0]["value"][1]), 1)
        # OpenMetrics counters arrive as _total series.
        self.prometheus.wait('bmcwsman_polls_total{job="bmcwsman"} >= 0')

    def test_multi_target_scraped_with_the_exporters_relabelling(self):
        expected = freeipmi_temperatures()
        instance = ENV["BMCWSMAN_TEST_LAN_HOST"]
        self.prometheus.wait(f'up{{job="ipmi_remote",instance="{instance}"}} == 1')
        result = self.prometheus.wait(f'ipmi_temperature_celsius{{job="ipmi_remote",instance="{instance}"}}')
        got = {r["metric"]["name"]: float(r["value"][1]) for r in result}
        self.assertEqual(set(got), set(expected))
        for name, reading in expected.items():
            self.assertAlmostEqual(got[name], reading, delta=0.5, msg=name)
        # Both jobs read the same BMC: PromQL joins them on the sensor.
        joined = self.prometheus.wait('ipmi_voltage_volts{job="ipmi_remote"} - ignoring(job, instance) '
                                      'ipmi_voltage_volts{job="bmcwsman"}')
        self.assertGreater(len(joined), 5)
        for r in joined:
            self.assertAlmostEqual(float(r["value"][1]), 0, delta=0.01)


if __name__ == "__main__":
    BMCWSMAN = sys.argv.pop(1)
    unittest.main(verbosity=2)
