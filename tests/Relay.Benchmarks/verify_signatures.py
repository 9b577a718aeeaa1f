"""Checks the messages smtp-sink captured: each must carry exactly the expected DKIM signatures, all passing.

usage: /usr/bin/python3 verify_signatures.py RECORDS_JSON CAPTURE_DIR DOMAIN [DOMAIN ...]

RECORDS_JSON maps "selector._domainkey.domain" to the TXT value; no DNS is asked. smtp-sink writes each message
with LF line ends after its own X-Client-*/Received lines (unsigned, so harmless); the CRLF wire form is restored
before verifying. Prints one line per message and, last, "PASSED TOTAL". Exit status 0 only if all passed.
"""
import json
import os
import sys

import dkim
from dkim.util import parse_tag_value


def main():
    records_path, folder, *domains = sys.argv[1:]
    with open(records_path, encoding="ascii") as f:
        records = {name.lower(): value.encode("ascii") for name, value in json.load(f).items()}

    def dnsfunc(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode("ascii")
        return records.get(name.lower().rstrip("."))

    expected = sorted(domain.lower() for domain in domains)
    files = sorted(os.listdir(folder))
    passed = 0
    for file_name in files:
        with open(os.path.join(folder, file_name), "rb") as f:
            message = f.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        headers, _ = dkim.rfc822_parse(message)
        signatures = [value for name, value in headers if name.lower() == b"dkim-signature"]
        verdicts = []
        for index, signature in enumerate(signatures):
            domain = parse_tag_value(signature).get(b"d", b"?").decode("ascii", "replace").lower()
            try:
                ok = dkim.DKIM(message).verify(idx=index, dnsfunc=dnsfunc)
            except Exception as error:  # a verifier error is a failed check, reported with its reason
                ok = False
                domain += " (%s: %s)" % (type(error).__name__, error)
            verdicts.append((domain, ok))
        good = sorted(domain for domain, ok in verdicts if ok) == expected and all(ok for _, ok in verdicts)
        passed += good
        print("%s %s: %s" % ("ok  " if good else "FAIL", file_name,
                             ", ".join("d=%s %s" % (domain, "pass" if ok else "fail") for domain, ok in verdicts) or "no signature"))
    print("%d %d" % (passed, len(files)))
    return 0 if files and passed == len(files) else 1


if __name__ == "__main__":
    sys.exit(main())
