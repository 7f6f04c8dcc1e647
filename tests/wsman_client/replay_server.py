"""A loopback HTTP server for the client tests: replays answer fixtures (tests/data/wsman_client)
by path, walks an Enumerate -> Pull -> Pull sequence by wsa:Action, and misbehaves on purpose
(garbage, endless body, 10 GB Content-Length, redirect loop, deep XML, a million sibling
elements, slow trickle, close mid-answer). It answers a Release in the enumeration walk and
counts the connections it accepted (keep-alive checks). Raw sockets so every byte is ours; each connection on its own thread.
Raw envelopes and bytes here on purpose: it replays other servers' answers and hostile bytes to the client."""
import os
import socket
import threading
import time


def read_request(conn):
    """(method, path, headers, body) of one request, or None when the peer closed."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        data = conn.recv(65536)
        if not data:
            return None
        buf += data
    head, body = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        data = conn.recv(65536)
        if not data:
            return None
        body += data
    return method, path, headers, body


def answer(status, body, content_type="application/soap+xml;charset=UTF-8", extra=""):
    reason = {200: "OK", 302: "Found", 400: "Bad Request", 500: "Internal Server Error"}.get(status, "X")
    return (f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
            f"{extra}\r\n").encode() + body


class ReplayServer:
    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.requests = []  # (path, headers, body) of every request seen
        self.connections = 0
        self.stopping = False
        threading.Thread(target=self.accept_loop, daemon=True).start()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def fixture(self, name):
        with open(os.path.join(self.data_dir, name), "rb") as f:
            return f.read()

    def accept_loop(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def stop(self):
        self.stopping = True
        self.sock.close()

    def serve(self, conn):
        conn.settimeout(30)
        try:
            while True:
                req = read_request(conn)
                if req is None:
                    return
                _, path, headers, body = req
                self.requests.append((path, headers, body))
                if not self.respond(conn, path, body):
                    return
        except OSError:
            pass
        finally:
            conn.close()

    def respond(self, conn, path, body):
        """Writes the answer; False closes the connection."""
        name = path.strip("/")
        if name.startswith("fixture/"):
            fixture = name.split("/", 1)[1]
            status = 500 if "fault" in fixture else 200
            conn.sendall(answer(status, self.fixture(fixture)))
            return True
        if name == "enumeration":
            text = body.decode("utf-8", errors="replace")
            if "enumeration/Release<" in text:
                conn.sendall(answer(200, b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
                                         b'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"><s:Header>'
                                         b"<a:Action>http://schemas.xmlsoap.org/ws/2004/09/enumeration/ReleaseResponse"
                                         b"</a:Action></s:Header><s:Body/></s:Envelope>"))
            elif "enumeration/Enumerate<" in text:
                conn.sendall(answer(200, self.fixture("idrac_enumerate_optimized.xml")))
            elif "ctx-a-0001" in text:
                conn.sendall(answer(200, self.fixture("idrac_pull_1.xml")))
            elif "ctx-a-0002" in text:
                conn.sendall(answer(200, self.fixture("idrac_pull_end.xml")))
            else:
                conn.sendall(answer(500, self.fixture("openwsman_fault_no_detail.xml")))
            return True
        if name == "garbage":
            conn.sendall(b"\x00\x17garbage that is not HTTP at all\r\n\r\n")
            return False
        if name == "not-xml":
            conn.sendall(answer(200, b"this is no envelope", "text/plain"))
            return True
        if name == "endless":  # no length, a body that never ends
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\nConnection: close\r\n\r\n")
            chunk = b"<a>" * 20000
            while not self.stopping:
                conn.sendall(chunk)
            return False
        if name == "huge":  # 10 GB declared, a trickle sent
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\nContent-Length: 10737418240\r\n\r\n<s:")
            time.sleep(10)
            return False
        if name == "redirect":
            conn.sendall(answer(302, b"", extra=f"Location: http://127.0.0.1:{self.port}/redirect\r\n"))
            return True
        if name == "deep":
            conn.sendall(answer(200, b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>' +
                                b"<a>" * 100000 + b"</a>" * 100000 + b"</s:Body></s:Envelope>"))
            return True
        if name == "wide":  # a million and more siblings: the element bound, not the depth
            conn.sendall(answer(200, b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>' +
                                b"<a/>" * 1100000 + b"</s:Body></s:Envelope>"))
            return True
        if name == "trickle":
            data = answer(200, self.fixture("winrm_identify.xml"))
            for i in range(len(data)):
                if self.stopping:
                    return False
                conn.sendall(data[i:i + 1])
                time.sleep(0.5)
            return False
        if name == "close-mid-answer":
            data = answer(200, self.fixture("winrm_identify.xml"))
            conn.sendall(data[:len(data) // 2])
            return False
        if name == "empty-500":
            conn.sendall(answer(500, b"", "text/plain"))
            return True
        conn.sendall(answer(404 if False else 400, b"unknown test path", "text/plain"))
        return True
