"""Rule hooks for examples/check.json: what an expression cannot say.

A rule hook is called once per record: None or True passes; a string, a
weir.Violation or a list of them reports violations.
"""
import ipaddress

import weir


def valid_ip(rec, ctx):
    """The client address parses as IPv4 or IPv6 (Python's ipaddress module)."""
    try:
        address = ipaddress.ip_address(rec["ip"])
    except ValueError:
        return f"not an IP address: {rec['ip']!r}"
    if address.is_unspecified or address.is_loopback:
        return weir.Violation(f"{address} cannot be a client", field="ip", severity="warning")
    return None


def bots_only_read(rec, ctx):
    """Crawlers should not change anything: a bot sending POST, PUT or DELETE to the API."""
    agent = rec["user_agent"].lower()
    if "bot" in agent and rec["method"] != "GET" and rec["path"].startswith("/api/"):
        return weir.Violation(f"a crawler sent {rec['method']} {rec['path']}", field="user_agent")
    return True
