"""What the tests that start a JupyterLab server share: a free local port, and GET requests to it."""
import json
import socket
import urllib.request


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    """(status, body bytes) of GET url."""
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.read()


def get_json(url):
    """(status, parsed JSON body) of GET url."""
    status, body = get(url)
    return status, json.loads(body.decode() or "null")
