#!/usr/bin/env python3
"""Issue 19: what DMTF's Redfish-Service-Validator checked (docs/REDFISH.md has its run with
0 errors), checked here for every resource the service of `bmcwsman serve --lan` serves
(ipmi_sim, run through with_ipmi_sim.py), so a regression fails CI where the validator does
not run: every linked URI answers 200 with ETag, OData-Version and Allow; @odata.id is the
URI; @odata.type is "#Namespace.vX_Y_Z.Type" (collections "#XCollection.XCollection") of a
namespace $metadata references; Id is the last segment; Name is present; collections carry
Members (references only) and Members@odata.count; the properties the CSDL marks
Redfish.Required (ServiceRoot Links.Sessions, Chassis ChassisType, LogEntry EntryType,
ManagerAccount AccountTypes, Role RoleId, Sensor/Resource Status values); action targets are
<uri>/Actions/<Namespace>.<Action>; JSON-pointer members end in their MemberId; enumerations
hold schema values; no empty strings, no @Redfish.Copyright. The agent keeps a SEL archive
(--state-dir), so its LogService (Systems/1/LogServices/SELArchive) is walked too.

Usage: tree_test.py PATH_TO_BMCWSMAN"""
import os
import re
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import redfish_harness as rh  # noqa: E402

BMCWSMAN = None
ENV = os.environ
TYPE = re.compile(r"^#([A-Za-z]+)\.(v\d+_\d+_\d+)\.([A-Za-z]+)$")
COLLECTION_TYPE = re.compile(r"^#([A-Za-z]+Collection)\.\1$")
REQUIRED = {"ServiceRoot": ["Links"], "Chassis": ["ChassisType"], "LogEntry": ["EntryType"],
            "ManagerAccount": ["AccountTypes"], "Role": ["RoleId"], "ComputerSystem": ["Boot", "Actions"],
            "Manager": ["ManagerType"], "LogService": ["LogEntryType"], "Session": ["UserName"],
            "JsonSchemaFile": ["Languages", "Schema", "Location"], "MessageRegistryFile": ["Languages", "Registry", "Location"]}
ENUMS = {  # the schema's members for the enumerations the service uses (Redfish-Publications 2025.4)
    "State": {"Enabled", "Disabled", "StandbyOffline", "StandbySpare", "InTest", "Starting", "Absent",
              "UnavailableOffline", "Deferring", "Quiesced", "Updating", "Qualified", "Degraded"},
    "Health": {"OK", "Warning", "Critical"},
    "PowerState": {"On", "Off", "PoweringOn", "PoweringOff", "Paused"},
    "ReadingType": {"Temperature", "Voltage", "Current", "Power", "EnergyJoules", "Rotational", "Percent"},
    "Severity": {"OK", "Warning", "Critical"},
    "EntryType": {"SEL"},
    "ChassisType": {"RackMount", "Blade", "Enclosure", "StandAlone", "Other"},
}


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV, "run through with_ipmi_sim.py")
class ValidatorRequirements(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.state = tempfile.mkdtemp(prefix="bmcwsman-rf-state-")
        cls.agent = rh.Agent(BMCWSMAN, extra=("--state-dir", cls.state))
        try:
            cls.tree = rh.walk(cls.agent, user="ada")
            metadata = rh.call(cls.agent, "GET", "/redfish/v1/$metadata", user=None)
            assert metadata.status == 200
            cls.metadata = metadata.text
        except Exception:
            cls.agent.stop()
            shutil.rmtree(cls.state, ignore_errors=True)
            raise

    @classmethod
    def tearDownClass(cls):
        cls.agent.stop()
        shutil.rmtree(cls.state, ignore_errors=True)

    def test_the_tree_is_complete(self):
        for path in ("/redfish/v1/Systems/1", "/redfish/v1/Chassis/1/Thermal", "/redfish/v1/Chassis/1/Power",
                     "/redfish/v1/Managers/bmc", "/redfish/v1/Systems/1/LogServices/SEL/Entries",
                     "/redfish/v1/Chassis/1/Assembly", "/redfish/v1/Chassis/1/PowerSubsystem/PowerSupplies",
                     "/redfish/v1/Chassis/1/ThermalSubsystem/Fans", "/redfish/v1/AccountService/Roles/Administrator",
                     "/redfish/v1/AccountService/Accounts/ada", "/redfish/v1/Systems/1/LogServices/SELArchive",
                     "/redfish/v1/Systems/1/LogServices/SELArchive/Entries"):
            self.assertIn(path, self.tree)
        archived = [p for p in self.tree if p.startswith("/redfish/v1/Systems/1/LogServices/SELArchive/Entries/")]
        self.assertEqual(len(archived), len(self.tree["/redfish/v1/Systems/1/LogServices/SEL/Entries"]["Members"]))
        sensors = [p for p in self.tree if p.startswith("/redfish/v1/Chassis/1/Sensors/")]
        self.assertGreaterEqual(len(sensors), 40)

    def test_headers(self):
        for path in ("/redfish/v1/", "/redfish/v1/Systems/1", "/redfish/v1/Chassis/1/Sensors"):
            reply = rh.call(self.agent, "GET", path, user="ann")
            self.assertEqual(reply.headers["OData-Version"], "4.0")
            self.assertTrue(reply.headers["ETag"].startswith('W/"'))
            self.assertIn("GET", reply.headers["Allow"])
            self.assertTrue(reply.headers["Content-Type"].startswith("application/json"))
            again = rh.call(self.agent, "GET", path, user="ann", headers={"If-None-Match": reply.headers["ETag"]})
            self.assertIn(again.status, (200, 304))

    def check_value(self, path, where, value):
        if isinstance(value, str):
            self.assertNotEqual(value, "", f"{path}: empty string at {where}")
        if isinstance(value, dict):
            self.assertNotIn("@Redfish.Copyright", value)
            if "@odata.id" in value and where:
                extra = set(value) - {"@odata.id"}
                if "#" not in value["@odata.id"]:
                    self.assertEqual(extra, set(), f"{path}: a reference with more than @odata.id at {where}")
            for k, v in value.items():
                if k in ENUMS and isinstance(v, str):
                    self.assertIn(v, ENUMS[k], f"{path}: {where}.{k}")
                self.check_value(path, f"{where}.{k}", v)
        if isinstance(value, list):
            for n, item in enumerate(value):
                self.check_value(path, f"{where}[{n}]", item)

    def test_every_resource(self):
        namespaces = set(re.findall(r'Include Namespace="([^"]+)"', self.metadata))
        for path, body in sorted(self.tree.items()):
            with self.subTest(path=path):
                self.assertEqual(body["@odata.id"], path)
                self.assertIn("Name", body)
                kind = body["@odata.type"]
                collection = COLLECTION_TYPE.match(kind)
                if collection:
                    self.assertIn(collection.group(1), namespaces)
                    self.assertEqual(body["Members@odata.count"], len(body["Members"]))
                    for m in body["Members"]:
                        if collection.group(1) == "LogEntryCollection":  # OData.AutoExpand: in full
                            self.assertEqual(m, self.tree[m["@odata.id"]])
                        else:
                            self.assertEqual(set(m), {"@odata.id"})
                    continue
                m = TYPE.match(kind)
                self.assertTrue(m, kind)
                namespace, version, name = m.groups()
                self.assertIn(f"{namespace}.{version}", namespaces)
                self.assertEqual(name, namespace)
                if path != "/redfish/v1/":
                    self.assertEqual(body["Id"], path.rstrip("/").rsplit("/", 1)[1])
                for prop in REQUIRED.get(namespace, []):
                    self.assertIn(prop, body)
                for action, value in body.get("Actions", {}).items():
                    self.assertEqual(value["target"], f"{path}/Actions/{action.lstrip('#')}")
                for key, value in body.items():
                    if isinstance(value, list) and value and isinstance(value[0], dict) and "MemberId" in value[0]:
                        for n, member in enumerate(value):
                            self.assertEqual(member["@odata.id"], f"{path}#/{key}/{n}")
                            self.assertEqual(member["MemberId"], str(n))
                        self.assertEqual(body[f"{key}@odata.count"], len(value))
                self.check_value(path, "", body)
        self.assertIn("Sessions", self.tree["/redfish/v1/"]["Links"])

    def test_the_archive_cannot_be_cleared(self):
        archive = "/redfish/v1/Systems/1/LogServices/SELArchive"
        self.assertNotIn("Actions", self.tree[archive])
        for path, status in ((archive + "/Actions/LogService.ClearLog", 404), (archive, 405)):
            reply = rh.call(self.agent, "POST", path, {}, user="ada")
            self.assertEqual(reply.status, status, path)
        entries = rh.get(self.agent, archive + "/Entries", user="ada")
        self.assertEqual(entries["Members"], self.tree[archive + "/Entries"]["Members"])
        self.assertGreater(len(entries["Members"]), 0)

    def test_every_method_answer_is_documented(self):
        for path, body in self.tree.items():
            reply = rh.call(self.agent, "PUT", path, {"Name": "x"}, user="ada")
            with self.subTest(path=path):
                self.assertEqual(reply.status, 405)
                self.assertNotIn("PUT", reply.headers["Allow"])
                self.assertEqual(reply.json()["error"]["@Message.ExtendedInfo"][0]["MessageId"],
                                 "Base.1.22.OperationNotAllowed")


if __name__ == "__main__":
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
