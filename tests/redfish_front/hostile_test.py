#!/usr/bin/env python3
"""Issue 19, hostile input to the Redfish service of `bmcwsman serve --lan` (ipmi_sim, run
through with_ipmi_sim.py): requests without credentials or with a made-up session, path
traversal in ids, huge and deeply nested bodies, unknown properties, wrong types, values
outside the allowable ones, the wrong role, a stale ETag, unsupported methods and queries.
Each gets its documented 4xx/5xx with a Base message (docs/REDFISH.md), and nothing changes on
the BMC (FreeIPMI reads the same power state and SEL before and after). Sessions: login,
token use, logout, the bound on their number. ClearLog by an admin empties the SEL.

Usage: hostile_test.py PATH_TO_BMCWSMAN"""
import os
import shutil
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import redfish_harness as rh  # noqa: E402

BMCWSMAN = None
ENV = os.environ
RESET = "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset"
CLEAR = "/redfish/v1/Systems/1/LogServices/SEL/Actions/LogService.ClearLog"
SESSIONS = "/redfish/v1/SessionService/Sessions"


def sel_ids():
    out = rh.freeipmi("ipmi-sel", "--no-header-output", "--comma-separated-output")
    return [line.split(",")[0] for line in out.splitlines() if line.strip()]


@unittest.skipUnless("BMCWSMAN_TEST_LAN_HOST" in ENV and shutil.which("ipmi-sel"),
                     "run through with_ipmi_sim.py, with freeipmi-tools installed")
class HostileInput(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.agent = rh.Agent(BMCWSMAN)
        cls.power_before = rh.chassis_power_on()
        cls.sel_before = sel_ids()

    @classmethod
    def tearDownClass(cls):
        cls.agent.stop()

    def refused(self, reply, status, message):
        self.assertEqual(reply.status, status, reply.text[:400])
        info = reply.json()["error"]["@Message.ExtendedInfo"][0]
        self.assertEqual(info["MessageId"], "Base.1.22." + message)
        self.assertEqual(reply.headers["OData-Version"], "4.0")
        return info

    def assert_bmc_unchanged(self):
        self.assertEqual(rh.chassis_power_on(), self.power_before)
        self.assertEqual(sel_ids(), self.sel_before)

    def test_open_resources_need_no_credentials(self):
        for path in ("/redfish", "/redfish/v1/", "/redfish/v1", "/redfish/v1/odata", "/redfish/v1/$metadata"):
            with self.subTest(path=path):
                self.assertEqual(rh.call(self.agent, "GET", path, user=None).status, 200)

    def test_everything_else_needs_a_session_or_credentials(self):
        for path in ("/redfish/v1/Systems", "/redfish/v1/Chassis/1/Sensors", "/redfish/v1/AccountService/Accounts",
                     "/redfish/v1/SessionService/Sessions"):
            with self.subTest(path=path):
                self.assertEqual(rh.call(self.agent, "GET", path, user=None).status, 401)
                self.refused(rh.call(self.agent, "GET", path, user=None, token="0" * 64), 401, "NoValidSession")
        self.refused(rh.call(self.agent, "POST", RESET, {"ResetType": "ForceOff"}, user=None, token="x"), 401,
                     "NoValidSession")
        self.assert_bmc_unchanged()

    def test_traversal_and_unknown_ids_are_not_found(self):
        for path in ("/redfish/v1/Chassis/1/Sensors/..", "/redfish/v1/Chassis/1/Sensors/../../../Systems/1",
                     "/redfish/v1/Chassis/%2e%2e/Systems", "/redfish/v1/Systems/1/LogServices/SEL/Entries/..%2f..%2f",
                     "/redfish/v1/Systems/./1", "/redfish/v1/Systems//1", "/redfish/v1/Systems/2",
                     "/redfish/v1/Chassis/1/Sensors/%00", "/redfish/v1/Managers/bmc/../../../../etc/passwd",
                     "/redfish/v1/AccountService/Accounts/..", "/redfish/v10"):
            with self.subTest(path=path):
                reply = rh.call(self.agent, "GET", path, user="ada")
                self.assertEqual(reply.status, 404, reply.text[:200])

    def test_bodies_too_large_or_too_deep(self):
        self.refused(rh.call(self.agent, "POST", RESET, raw=b'{"ResetType": "' + b"x" * 40000 + b'"}', user="olav"),
                     413, "PayloadTooLarge")
        self.refused(rh.call(self.agent, "POST", RESET, raw=b"[" * 5000 + b"]" * 5000, user="olav"), 400,
                     "MalformedJSON")
        self.refused(rh.call(self.agent, "POST", RESET, raw=b'{"ResetType": ' + b'{"a":' * 50 + b'1' + b"}" * 51,
                             user="olav"), 400, "MalformedJSON")
        self.refused(rh.call(self.agent, "POST", RESET, raw=b'{"ResetType": "On"', user="olav"), 400, "MalformedJSON")
        self.refused(rh.call(self.agent, "POST", RESET, raw=b'["On"]', user="olav"), 400, "MalformedJSON")
        self.refused(rh.call(self.agent, "POST", RESET, raw=b'\xff\xfe{}', user="olav"), 400, "MalformedJSON")
        self.assert_bmc_unchanged()

    def test_action_parameters(self):
        cases = [({"ResetType": "Explode"}, "ActionParameterValueNotInList"),
                 ({"ResetType": 1}, "ActionParameterValueTypeError"),
                 ({"ResetType": None}, "ActionParameterValueTypeError"),
                 ({}, "ActionParameterMissing"),
                 ({"ResetType": "ForceOff", "Force": True}, "ActionParameterUnknown")]
        for body, message in cases:
            with self.subTest(body=body):
                self.refused(rh.call(self.agent, "POST", RESET, body, user="olav"), 400, message)
        self.refused(rh.call(self.agent, "POST", RESET, {"ResetType": "ForceOff"}, user="ann"), 403,
                     "InsufficientPrivilege")
        self.refused(rh.call(self.agent, "POST", CLEAR, {}, user="olav"), 403, "InsufficientPrivilege")
        self.refused(rh.call(self.agent, "POST", CLEAR, {"Everything": True}, user="ada"), 400, "ActionParameterUnknown")
        self.assert_bmc_unchanged()

    def test_patch_checks(self):
        chassis = "/redfish/v1/Chassis/1"
        self.refused(rh.call(self.agent, "PATCH", chassis, {"Foo": 1}, user="olav"), 400, "PropertyUnknown")
        self.refused(rh.call(self.agent, "PATCH", chassis, {"ChassisType": "Blade"}, user="olav"), 400,
                     "PropertyNotWritable")
        self.refused(rh.call(self.agent, "PATCH", chassis, {"LocationIndicatorActive": "yes"}, user="olav"), 400,
                     "PropertyValueTypeError")
        self.refused(rh.call(self.agent, "PATCH", chassis, {}, user="olav"), 400, "NoOperation")
        self.refused(rh.call(self.agent, "PATCH", chassis, {"LocationIndicatorActive": True}, user="ann"), 403,
                     "InsufficientPrivilege")
        self.refused(rh.call(self.agent, "PATCH", chassis, {"LocationIndicatorActive": True}, user="olav",
                             headers={"If-Match": 'W/"0000000000000000"'}), 412, "PreconditionFailed")
        self.refused(rh.call(self.agent, "PATCH", "/redfish/v1/SessionService", {"SessionTimeout": 5}, user="ada"),
                     400, "PropertyValueNotInList")
        self.refused(rh.call(self.agent, "PATCH", "/redfish/v1/SessionService", {"SessionTimeout": 600}, user="olav"),
                     403, "InsufficientPrivilege")
        self.assert_bmc_unchanged()

    def test_a_valid_patch_reaches_the_bmc(self):
        # ipmi_sim does not answer Chassis Identify (FreeIPMI's ipmi-chassis --chassis-identify
        # times out too), so the answer that proves the PATCH passed every check and was sent
        # is the BMC's silence: 503, not a 4xx.
        etag = rh.call(self.agent, "GET", "/redfish/v1/Chassis/1", user="olav").headers["ETag"]
        reply = rh.call(self.agent, "PATCH", "/redfish/v1/Chassis/1", {"LocationIndicatorActive": False}, user="olav",
                        headers={"If-Match": etag})
        self.refused(reply, 503, "ServiceTemporarilyUnavailable")
        self.refused(rh.call(self.agent, "PATCH", "/redfish/v1/Systems/1", {"LocationIndicatorActive": True},
                             user="olav"), 503, "ServiceTemporarilyUnavailable")
        self.assertEqual(rh.call(self.agent, "PATCH", "/redfish/v1/SessionService", {"SessionTimeout": 900},
                                 user="ada").status, 204)
        self.assertEqual(rh.get(self.agent, "/redfish/v1/SessionService")["SessionTimeout"], 900)

    def test_methods_and_queries(self):
        info = self.refused(rh.call(self.agent, "DELETE", "/redfish/v1/Systems/1", user="ada"), 405,
                            "OperationNotAllowed")
        self.assertTrue(info["Message"])
        reply = rh.call(self.agent, "DELETE", "/redfish/v1/Systems/1", user="ada")
        self.assertEqual(reply.headers["Allow"], "GET, PATCH")
        self.assertEqual(rh.call(self.agent, "GET", RESET, user="ada").headers["Allow"], "POST")
        self.assertEqual(rh.call(self.agent, "PUT", "/redfish/v1/Chassis/1", {"Id": "1"}, user="ada").status, 405)
        self.refused(rh.call(self.agent, "GET", "/redfish/v1/Systems?$expand=*", user="ann"), 501, "QueryNotSupported")
        self.refused(rh.call(self.agent, "GET", "/redfish/v1/Systems?%24select=Name", user="ann"), 501,
                     "QueryNotSupported")
        self.assert_bmc_unchanged()

    def test_sessions(self):
        reply = rh.call(self.agent, "POST", SESSIONS, {"UserName": "ann", "Password": rh.USERS["ann"][0]}, user=None)
        self.assertEqual(reply.status, 201, reply.text)
        token, location = reply.headers["X-Auth-Token"], reply.headers["Location"]
        self.assertEqual(reply.json()["@odata.id"], location)
        self.assertEqual(rh.call(self.agent, "GET", "/redfish/v1/Systems/1", user=None, token=token).status, 200)
        self.assertEqual(rh.call(self.agent, "GET", location, user=None, token=token).json()["UserName"], "ann")
        self.refused(rh.call(self.agent, "POST", RESET, {"ResetType": "ForceOff"}, user=None, token=token), 403,
                     "InsufficientPrivilege")
        self.assertEqual(rh.call(self.agent, "DELETE", location, user=None, token=token).status, 204)
        self.refused(rh.call(self.agent, "GET", "/redfish/v1/Systems/1", user=None, token=token), 401, "NoValidSession")
        self.refused(rh.call(self.agent, "POST", SESSIONS, {"UserName": "ann", "Password": "wrong"}, user=None), 401,
                     "ResourceAtUriUnauthorized")
        self.refused(rh.call(self.agent, "POST", SESSIONS, {"UserName": "ann"}, user=None), 400, "PropertyMissing")
        self.refused(rh.call(self.agent, "POST", SESSIONS, {"UserName": 7, "Password": "x"}, user=None), 400,
                     "PropertyValueTypeError")
        self.assert_bmc_unchanged()

    def test_no_password_over_plain_http_unless_basic_is_allowed_there(self):
        strict = rh.Agent(BMCWSMAN, basic_over_http=False)
        try:
            login = {"UserName": "ann", "Password": rh.USERS["ann"][0]}
            self.refused(rh.call(strict, "POST", SESSIONS, login, user=None, tls=False), 401,
                         "ResourceAtUriUnauthorized")
            reply = rh.call(strict, "POST", SESSIONS, login, user=None)
            self.assertEqual(reply.status, 201)
            # The token then works on either listener (loopback HTTP is the operator's choice).
            self.assertEqual(rh.call(strict, "GET", "/redfish/v1/Systems/1", user=None, tls=False,
                                     token=reply.headers["X-Auth-Token"]).status, 200)
        finally:
            strict.stop()

    def test_session_count_is_bounded(self):
        created = []
        try:
            for _ in range(64):
                reply = rh.call(self.agent, "POST", SESSIONS, {"UserName": "olav", "Password": rh.USERS["olav"][0]},
                                user=None)
                if reply.status != 201:
                    break
                created.append(reply.headers["Location"])
            self.assertGreater(len(created), 0)
            self.assertLessEqual(len(created), 64)
            self.refused(rh.call(self.agent, "POST", SESSIONS, {"UserName": "olav", "Password": rh.USERS["olav"][0]},
                                 user=None), 503, "SessionLimitExceeded")
        finally:
            for location in created:
                rh.call(self.agent, "DELETE", location, user="ada")
        self.assertEqual(rh.call(self.agent, "POST", SESSIONS, {"UserName": "olav", "Password": rh.USERS["olav"][0]},
                                 user=None).status, 201)

    def test_zz_clear_log_by_an_admin_empties_the_sel(self):
        self.assertGreater(len(self.sel_before), 0)
        reply = rh.call(self.agent, "POST", CLEAR, {}, user="ada")
        self.assertEqual(reply.status, 200, reply.text)
        self.assertEqual(sel_ids(), [])


if __name__ == "__main__":
    BMCWSMAN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
