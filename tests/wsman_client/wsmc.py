"""The wsman_client C API (wsman_client/wsman_client.h) from Python through ctypes: how the
client tests and bench/ scripts (bench/soak.py) talk through the library instead of writing
envelopes, and an example of binding the C API from another language. Only what they need: sessions with options,
Identify, Get and Enumerate with an item callback.

    lib = Wsmc("build/wsman_client/libwsman_client.so.0")
    with lib.session("http://127.0.0.1:5985/wsman", user="ann", password="...") as s:
        s.identify(); s.get("CIM_NumericSensor?DeviceID=..."); s.enumerate("CIM_Sensor", on_item)

Calls release the interpreter lock while the library works (ctypes does), so threads of one
process run requests in parallel. A failure raises WsmcError with the status, the message and
the fault's subcode (empty unless a WS-Management fault)."""
import ctypes
from ctypes import CFUNCTYPE, POINTER, Structure, c_char_p, c_int, c_uint, c_ulong, c_void_p

OPTIONS = {"user": 0, "password": 1, "auth": 2, "client_cert": 3, "client_key": 4, "ca_file": 5, "ca_dir": 6,
           "skip_ca_check": 7, "skip_cn_check": 8, "timeout_ms": 9, "operation_timeout_ms": 10,
           "max_envelope_size": 11, "locale": 12, "utf16": 13}  # wsmc_option, in the header's order
ITEM_CALLBACK = CFUNCTYPE(c_int, c_void_p, c_void_p)


class EnumOptions(Structure):  # wsmc_enum_options
    _fields_ = [("max_elements", c_uint), ("optimize", c_int), ("mode", c_int), ("wql", c_char_p),
                ("selector_filter", c_char_p), ("shallow", c_int), ("base_properties_only", c_int)]


class WsmcError(Exception):
    def __init__(self, status, message, subcode, http_status):
        super().__init__(f"wsman_client status {status}: {message}" + (f" ({subcode})" if subcode else ""))
        self.status, self.message, self.subcode, self.http_status = status, message, subcode, http_status


class Item:
    """An enumerated item, valid inside the callback only."""

    def __init__(self, lib, handle):
        self._lib, self._h = lib, handle

    def class_name(self):
        v = self._lib.wsmc_item_class(self._h)
        return v.decode() if v is not None else None

    def value(self, name):
        v = self._lib.wsmc_item_property_value(self._h, name.encode())
        return v.decode() if v is not None else None

    def xml(self):
        return self._lib.wsmc_item_xml(self._h).decode()


class Session:
    def __init__(self, wsmc, url, **options):
        self._w, self._lib = wsmc, wsmc.lib
        self._h = self._lib.wsmc_session_new(url.encode())
        if not self._h:
            raise WsmcError(1, f"not an endpoint URL: {url}", "", 0)
        for k, v in options.items():
            if v is not None:
                self._check(self._lib.wsmc_session_set(self._h, OPTIONS[k], str(v).encode()))

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.close()

    def close(self):
        if self._h:
            self._lib.wsmc_session_free(self._h)
            self._h = None

    def _check(self, status):
        if status != 0:
            lib = self._lib
            raise WsmcError(status, lib.wsmc_last_error().decode(errors="replace"),
                            lib.wsmc_last_fault_subcode().decode(errors="replace"), lib.wsmc_last_http_status())

    def _xml_call(self, fn, *args):
        out = c_void_p()
        self._check(fn(self._h, *args, ctypes.byref(out)))
        try:
            return ctypes.string_at(out).decode() if out.value else ""
        finally:
            self._lib.wsmc_free(out)

    def identify(self, unauthenticated=False):
        """The IdentifyResponse as XML."""
        return self._xml_call(self._lib.wsmc_identify, 1 if unauthenticated else 0)

    def get(self, resource):
        """The instance as XML; resource as the C API takes it (CIM_Class?Key=Value+...)."""
        return self._xml_call(self._lib.wsmc_get, resource.encode())

    def enumerate(self, resource, on_item, max_elements=100, optimize=True):
        """Enumerate then Pull to the end; on_item(Item) per item, a true return stops early."""
        o = EnumOptions()
        self._lib.wsmc_enum_options_init(ctypes.byref(o))
        o.max_elements, o.optimize = max_elements, 1 if optimize else 0
        raised = []

        def cb(_user, handle):
            try:
                return 1 if on_item(Item(self._lib, handle)) else 0
            except BaseException as e:  # noqa: BLE001  (carried out of the C frame)
                raised.append(e)
                return 1
        status = self._lib.wsmc_enumerate(self._h, resource.encode(), ctypes.byref(o), ITEM_CALLBACK(cb), None)
        if raised:
            raise raised[0]
        self._check(status)


class Wsmc:
    def __init__(self, path):
        lib = self.lib = ctypes.CDLL(path)
        sig = {
            "wsmc_session_new": (c_void_p, [c_char_p]),
            "wsmc_session_free": (None, [c_void_p]),
            "wsmc_session_set": (c_int, [c_void_p, c_int, c_char_p]),
            "wsmc_identify": (c_int, [c_void_p, c_int, POINTER(c_void_p)]),
            "wsmc_get": (c_int, [c_void_p, c_char_p, POINTER(c_void_p)]),
            "wsmc_enum_options_init": (None, [POINTER(EnumOptions)]),
            "wsmc_enumerate": (c_int, [c_void_p, c_char_p, POINTER(EnumOptions), ITEM_CALLBACK, c_void_p]),
            "wsmc_item_xml": (c_char_p, [c_void_p]),
            "wsmc_item_class": (c_char_p, [c_void_p]),
            "wsmc_item_property_value": (c_char_p, [c_void_p, c_char_p]),
            "wsmc_last_error": (c_char_p, []),
            "wsmc_last_fault_subcode": (c_char_p, []),
            "wsmc_last_fault_error_code": (c_ulong, []),
            "wsmc_last_http_status": (c_int, []),
            "wsmc_free": (None, [c_void_p]),
        }
        for name, (res, args) in sig.items():
            f = getattr(lib, name)
            f.restype, f.argtypes = res, args

    def session(self, url, **options):
        return Session(self, url, **options)
