#!/usr/bin/python3
"""Splits a perf profile of Relay into the stages a message goes through.

Reads `perf script -F period,ip,sym,dso` (call graphs, JIT frames named through DOTNET_PerfMapEnabled) on stdin and
prints one line "STAGE<TAB>SHARE" per stage (a short key: the report names them), SHARE being the fraction of the sampled CPU time (0..1). Each sample
goes to the stage of the first frame, from the leaf up, that belongs to one: an RSA operation called by the signer
is signing, a kernel write called by the spool is the spool, a socket send called by the SMTP session is SMTP.
Samples with no such frame are the runtime's own work (JIT compiler, GC, thread pool) or kernel work whose user
stack did not unwind ("other").

    perf script -i perf.data -F period,ip,sym,dso | python3 profile_stages.py
    python3 profile_stages.py --detail spool < perf.script    the leaf frames that cost most within one stage
"""

import re
import sys

# (stage, pattern on "symbol (dso)"), tried in order for each frame; the first frame that matches decides.
STAGES = [
    ("signing", re.compile(r"\[Relay\.Dkim\]|MimeKit\.Cryptography|\[BouncyCastle|libcrypto\.so|System\.Security\.Cryptography")),
    ("events", re.compile(r"Relay\.Delivery\.Events|Relay\.Events\.")),
    ("spool", re.compile(r"Relay\.Delivery\.Spool")),
    ("identity", re.compile(r"Relay\.Core\.Identities|Relay\.Core\.Storage|libe_sqlite3|Microsoft\.Data\.Sqlite|SQLitePCL")),
    ("checks", re.compile(r"Relay\.Core\.(Ingestion|Quotas|Suppression|Accounts)|\[MimeKit\]")),
    ("delivery", re.compile(r"Relay\.Delivery\.|\[MailKit\]")),
    ("smtp", re.compile(r"\[Relay\.Smtp\]|Relay\.Smtp\.")),
    ("jit", re.compile(r"libclrjit\.so")),
    ("runtime", re.compile(r"libcoreclr\.so")),
]
OTHER = "other"
ORDER = [name for name, _ in STAGES] + [OTHER]


def classify(frames):
    for frame in frames:
        for name, pattern in STAGES:
            if pattern.search(frame):
                return name
    return OTHER


def samples(lines):
    """Yields (period, frames leaf first) for each sample of `perf script` output."""
    period, frames = None, []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if period is not None:
                yield period, frames
            period, frames = None, []
        elif not line.startswith("\t"):
            # A sample's first line: the tid, right-aligned (so perhaps after spaces), and the period.
            fields = line.split()
            period = int(fields[-1]) if fields and fields[-1].isdigit() else 1
        else:
            frames.append(line.strip())
    if period is not None:
        yield period, frames


def detail(stage, limit=25):
    leaves, everything = {}, 0
    for period, frames in samples(sys.stdin):
        everything += period
        if classify(frames) == stage:
            leaf = frames[0].split(None, 1)[-1] if frames else "?"
            leaves[leaf] = leaves.get(leaf, 0) + period
    for leaf, period in sorted(leaves.items(), key=lambda item: -item[1])[:limit]:
        print(f"{period / everything:7.2%}  {leaf[:150]}")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--detail":
        detail(sys.argv[2])
        return
    totals = {name: 0 for name in ORDER}
    for period, frames in samples(sys.stdin):
        totals[classify(frames)] += period
    everything = sum(totals.values())
    if everything == 0:
        sys.exit("no samples in the perf script output")
    for name in ORDER:
        print(f"{name}\t{totals[name] / everything:.4f}")


if __name__ == "__main__":
    main()
