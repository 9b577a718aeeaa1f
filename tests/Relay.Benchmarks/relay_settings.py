"""Writes the settings file the benchmark runs Relay with: its defaults plus only what a loopback benchmark needs.

usage: /usr/bin/python3 relay_settings.py APPSETTINGS RELAY_DLL OUT DATA_DIR SUBMISSION_PORT SINK_PORT ACCOUNT
                                          PROVIDER_DOMAIN PROVIDER_SELECTOR PROVIDER_KEY SPARE_PORT...

APPSETTINGS is the appsettings.json beside the Relay build (its defaults). Every listener it declares (a setting
named ...Endpoint, ...Listen, Submission or ImplicitTls whose value is address:port) is moved to 127.0.0.1 on a
port of its own, so that the run neither collides with other programs nor is reachable from outside; the submission
listener gets SUBMISSION_PORT, the others the SPARE_PORTs in turn. Listeners that are on by default in code but not
written in appsettings.json (KNOWN_LISTENERS) are moved too when the build has their settings type. Only settings
the build has are written (Relay refuses unknown ones). Prints one line per moved listener.
"""
import json
import os
import re
import sys

LISTENER_NAME = re.compile(r"(endpoint|listen|submission|implicittls)$", re.IGNORECASE)
ADDRESS_AND_PORT = re.compile(r"^(\d{1,3}(\.\d{1,3}){3}|\[[0-9A-Fa-f:.]*\]):\d+$")
# Setting path -> the settings type whose name in relay.dll shows that the build has it.
KNOWN_LISTENERS = {
    ("Api", "Endpoint"): b"ApiSettings",
    ("KeyZone", "Listen"): b"KeyZoneSettings",
}


def listeners(node, path=()):
    """(path, value) of every setting below node that is a listening address."""
    for key, value in node.items():
        if isinstance(value, dict):
            yield from listeners(value, path + (key,))
        elif isinstance(value, str) and LISTENER_NAME.search(key) and ADDRESS_AND_PORT.match(value):
            yield path + (key,), value


def put(tree, path, value):
    for key in path[:-1]:
        tree = tree.setdefault(key, {})
    tree[path[-1]] = value


def main():
    (appsettings, relay_dll, out, data_dir, submission_port, sink_port, account,
     provider_domain, provider_selector, provider_key, *spare_ports) = sys.argv[1:]
    with open(appsettings, encoding="utf-8") as f:
        defaults = json.load(f)
    relay_defaults = next((value for key, value in defaults.items() if key.lower() == "relay"), {})
    with open(relay_dll, "rb") as f:
        assembly = f.read()

    found = list(listeners(relay_defaults))
    declared = {tuple(part.lower() for part in path) for path, _ in found}
    for path, type_name in KNOWN_LISTENERS.items():
        if tuple(part.lower() for part in path) not in declared and type_name in assembly:
            found.append((path, "(its default in code)"))

    settings = {}
    for path, value in found:
        if path[-1].lower() == "submission":
            moved = "127.0.0.1:" + submission_port
        elif spare_ports:
            moved = "127.0.0.1:" + spare_ports.pop(0)
        else:
            sys.exit("relay_settings.py: not enough spare ports for the listeners of this build")
        put(settings, path, moved)
        print("Relay:%s %s -> %s" % (":".join(path), value, moved))

    settings.update({
        "DataDirectory": data_dir,
        # smtp-source cannot AUTH; Postfix's mynetworks trusts the same network.
        "Relaying": {"TrustedNetworks": ["127.0.0.0/8"], "TrustedNetworkAccount": account},
        "Provider": {"Domain": provider_domain, "Selector": provider_selector, "PrivateKeyPath": provider_key},
    })
    if b"SendingQuotaOptions" in assembly:
        # A throughput benchmark, not a quota test: the default sending quota (14 recipients/s) would be the result.
        settings["Quotas"] = {"Max24HourSend": -1, "MaxSendRate": 1000000}
    max_connections = os.environ.get("BENCH_RELAY_MAX_CONNECTIONS")
    smtp_dll = os.path.join(os.path.dirname(relay_dll), "Relay.Smtp.dll")
    if max_connections and os.path.exists(smtp_dll):
        with open(smtp_dll, "rb") as f:
            smtp_assembly = f.read()
        # The sweep's sessions all come from 127.0.0.1, and without reuse each message is a new connection: the
        # per-address limits (20 sessions, 60 connections a minute) would be the result, as Postfix's process
        # limits would be on its side. Raised to what the concurrency needs, nothing else.
        limits = {"MaxConnections": int(max_connections), "MaxConnectionsPerAddress": int(max_connections),
                  "MaxConnectionRatePerAddress": 100000000}
        for name, value in limits.items():
            if name.encode() in smtp_assembly:
                put(settings, ("Smtp", name), value)
    put(settings, ("NextHop", "Host"), "127.0.0.1")
    put(settings, ("NextHop", "Port"), int(sink_port))
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"Relay": settings}, f, indent=2)


if __name__ == "__main__":
    main()
