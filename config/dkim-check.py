#!/usr/bin/python3
"""Checks every DKIM-Signature of a message with python3-dkim, taking the public keys from zone-file lines (what
`relay identity records --format zone` and `relay provider dns` print) instead of public DNS.

usage: dkim-check.py MESSAGE RECORDS-FILE...   (exit 0 only when there is a signature and every one passes)
"""
import re
import sys

import dkim

RECORD = re.compile(r'^(\S+)\s+(?:\d+\s+)?IN\s+TXT\s+\(?\s*((?:"[^"]*"\s*)+)\)?', re.MULTILINE)


def read_records(paths):
    records = {}
    for path in paths:
        with open(path, encoding="ascii") as zone:
            for name, strings in RECORD.findall(zone.read()):
                records[name.rstrip(".").lower()] = "".join(re.findall(r'"([^"]*)"', strings)).encode("ascii")
    return records


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with open(argv[1], "rb") as message_file:
        message = message_file.read()
    records = read_records(argv[2:])

    def dnsfunc(name, timeout=5):
        return records.get(name.decode("ascii").rstrip(".").lower())

    signatures = [value for name, value in dkim.rfc822_parse(message)[0] if name.lower() == b"dkim-signature"]
    if not signatures:
        print("no DKIM-Signature in the message")
        return 1
    failed = 0
    for index, value in enumerate(signatures):
        tags = dict(re.findall(rb"(\w+)\s*=\s*([^;]*)", re.sub(rb"\s+", b"", value)))
        passed = dkim.DKIM(message).verify(idx=index, dnsfunc=dnsfunc)
        failed += not passed
        print(f"d={tags.get(b'd', b'?').decode()} s={tags.get(b's', b'?').decode()}: {'pass' if passed else 'FAIL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
