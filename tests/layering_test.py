#!/usr/bin/env python3
"""The project's dependency direction, checked on every #include "dir/..." of the source tree.

The brief's rule: agent -> front ends -> cim_mapping -> ipmi; transports -> ipmi core; smbios
depends on nothing; the simulator never reuses ipmi/ (a shared encoder bug would cancel out);
the client library (wsman_client, wsman_cli) never includes the agent's code. ALLOWED below
is every edge the tree has, each with why; a new edge fails here until it is added on purpose.

    layering_test.py SOURCE_ROOT
"""
import os
import re
import sys
import unittest

ROOT = sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")

# directory -> the project directories its sources may include
ALLOWED = {
    "smbios": set(),
    "ipmi": set(),
    "http_common": set(),
    "kcs_driver": {"ipmi"},
    "ssif_driver": {"ipmi"},
    "lan_driver": {"ipmi"},
    "openipmi_driver": {"ipmi"},
    "bt_driver": {"ipmi", "kcs_driver"},  # BT shares KCS's port I/O seam, port spec and poll loop
    "sel_archive": {"ipmi"},
    "cim_mapping": {"ipmi", "smbios"},
    "http_server": {"http_common", "cim_mapping"},  # cim::Caller and cim::Role: who a user is
    "wsman_front": {"http_server", "cim_mapping", "http_common"},
    "metrics_front": {"http_server", "cim_mapping", "ipmi", "http_common"},  # ipmi: event tables' names
    "redfish_front": {"http_server", "cim_mapping", "ipmi", "http_common"},  # ipmi: SEL text, health
    "eventing": {"cim_mapping", "http_server", "sel_archive", "wsman_client", "wsman_front", "http_common"},
    "wsman_client": {"http_common"},
    "wsman_cli": {"wsman_client", "http_common"},
    "sim": {"kcs_driver", "ssif_driver", "bt_driver"},  # the interfaces' seams only, never ipmi/
    "agent": {"bt_driver", "cim_mapping", "eventing", "http_server", "http_common", "ipmi", "kcs_driver",
              "lan_driver", "metrics_front", "openipmi_driver", "redfish_front", "sel_archive", "sim", "smbios",
              "ssif_driver", "wsman_front"},
}
SOURCES = (".cpp", ".hpp", ".h", ".c")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([A-Za-z0-9_]+)/[^"]+"', re.M)


def edges():
    """(directory, included directory, file) for every include of another project directory."""
    found = []
    for top in sorted(ALLOWED):
        for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
            for name in files:
                if not name.endswith(SOURCES):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for m in INCLUDE.finditer(f.read()):
                        if m.group(1) != top and (m.group(1) in ALLOWED or os.path.isdir(os.path.join(ROOT, m.group(1)))):
                            found.append((top, m.group(1), os.path.relpath(path, ROOT)))
    return found


class Layering(unittest.TestCase):
    def test_every_source_directory_is_in_the_table(self):
        skip = {"tests", "bench", "scripts", "debian", "dist", "docs", "subprojects"}
        for entry in sorted(os.listdir(ROOT)):
            path = os.path.join(ROOT, entry)
            if entry.startswith((".", "build", "obj-")) or entry in skip or not os.path.isdir(path):
                continue
            has_sources = any(n.endswith(SOURCES) for _, _, files in os.walk(path) for n in files)
            if has_sources:
                self.assertIn(entry, ALLOWED, f"{entry}/ holds sources but has no row in ALLOWED")

    def test_every_include_follows_the_table(self):
        wrong = [f"{path}: {top} includes {dep}/" for top, dep, path in edges() if dep not in ALLOWED[top]]
        self.assertEqual(wrong, [])

    def test_the_rules_of_the_brief(self):
        # Restated apart from the table, so widening the table cannot quietly break them.
        self.assertEqual(ALLOWED["smbios"] | ALLOWED["ipmi"] | ALLOWED["http_common"], set())
        self.assertNotIn("ipmi", ALLOWED["sim"])
        for top, deps in ALLOWED.items():
            if top != "agent":
                self.assertNotIn("agent", deps, top)
        for client in ("wsman_client", "wsman_cli"):
            self.assertFalse(ALLOWED[client] & {"agent", "http_server", "wsman_front", "cim_mapping", "eventing"},
                             client)
        self.assertFalse(ALLOWED["cim_mapping"] & {"http_server", "wsman_front", "metrics_front", "redfish_front"})
        for transport in ("kcs_driver", "ssif_driver", "bt_driver", "lan_driver", "openipmi_driver"):
            self.assertFalse(ALLOWED[transport] & {"cim_mapping", "http_server", "wsman_front", "agent"}, transport)

    def test_no_cycles(self):
        state = {}

        def visit(node, trail):
            state[node] = "open"
            for dep in sorted(ALLOWED.get(node, ())):
                self.assertNotEqual(state.get(dep), "open", " -> ".join(trail + [node, dep]))
                if dep not in state:
                    visit(dep, trail + [node])
            state[node] = "done"

        for top in sorted(ALLOWED):
            if top not in state:
                visit(top, [])

    def test_the_check_sees_includes(self):
        # A check that found no edge at all would pass everything.
        found = {(top, dep) for top, dep, _ in edges()}
        self.assertIn(("cim_mapping", "ipmi"), found)
        self.assertIn(("wsman_cli", "wsman_client"), found)


if __name__ == "__main__":
    unittest.main(verbosity=2)
