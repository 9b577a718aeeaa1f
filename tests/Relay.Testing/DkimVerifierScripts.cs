namespace Relay.Testing;

/// <summary>
/// The verifier programs run by <see cref="DkimVerifiers"/>. Each takes a folder holding
/// records.json (TXT record name → value) and msg0.eml … msgN-1.eml, answers TXT queries
/// from records.json only (no DNS, no network), and prints one JSON array with, per
/// message, {"error": string|null, "verdicts": [{domain, selector, result, detail}]}.
/// When records.json holds the key <c>__resolver__</c> ("address:port"), TXT queries go to that DNS
/// resolver instead, so that a test checks what real DNS publishes.
/// </summary>
internal static class DkimVerifierScripts
{
    public const string Python = """
        import json, os, sys
        import dkim
        from dkim.util import parse_tag_value

        folder, count = sys.argv[1], int(sys.argv[2])
        with open(os.path.join(folder, "records.json"), encoding="utf-8") as f:
            records = {k.lower().rstrip("."): v for k, v in json.load(f).items()}

        resolver_at = records.pop("__resolver__", None)

        def dnsfunc(name, timeout=5):
            if isinstance(name, bytes):
                name = name.decode("ascii")
            if resolver_at is not None:
                import dns.resolver
                host, port = resolver_at.rsplit(":", 1)
                resolver = dns.resolver.Resolver(configure=False)
                resolver.nameservers = [host]
                resolver.port = int(port)
                try:
                    answer = resolver.resolve(name, "TXT", lifetime=timeout)
                except Exception:
                    return None
                return b"".join(b"".join(rr.strings) for rr in answer)
            value = records.get(name.lower().rstrip("."))
            return None if value is None else value.encode("ascii")

        results = []
        for i in range(count):
            with open(os.path.join(folder, "msg%d.eml" % i), "rb") as f:
                message = f.read()
            try:
                headers, _ = dkim.rfc822_parse(message)
            except Exception as e:
                results.append({"error": "%s: %s" % (type(e).__name__, e), "verdicts": []})
                continue
            signatures = [value for name, value in headers if name.lower() == b"dkim-signature"]
            verdicts = []
            for idx, signature in enumerate(signatures):
                try:
                    tags = parse_tag_value(signature)
                    domain = tags.get(b"d", b"").decode("ascii", "replace")
                    selector = tags.get(b"s", b"").decode("ascii", "replace")
                except Exception:
                    domain = selector = ""
                try:
                    ok = dkim.DKIM(message).verify(idx=idx, dnsfunc=dnsfunc)
                    result, detail = ("pass" if ok else "fail"), ""
                except Exception as e:
                    result, detail = "error", "%s: %s" % (type(e).__name__, e)
                verdicts.append({"domain": domain, "selector": selector, "result": result, "detail": detail})
            results.append({"error": None, "verdicts": verdicts})

        json.dump(results, sys.stdout)
        """;

    /// <summary>
    /// <see cref="Python"/> as a receiver that does not know ed25519-sha256: PyNaCl is made unimportable before dkim
    /// loads, so python3-dkim reports each Ed25519 signature as an error and must still pass the RSA ones (RFC 8463 §1).
    /// </summary>
    public const string PythonWithoutEd25519 = "import sys\nsys.modules['nacl'] = None\n" + Python;

    public const string Perl = """
        use strict;
        use warnings;
        use JSON::PP;
        use Net::DNS;
        use Mail::DKIM::Verifier;

        my ($folder, $count) = @ARGV;
        sub slurp { my ($path) = @_; open my $fh, '<:raw', $path or die "$path: $!"; local $/; my $data = <$fh>; close $fh; return $data; }
        my $records = decode_json(slurp("$folder/records.json"));
        my %txt = map { my $k = lc $_; $k =~ s/\.$//; ($k => $records->{$_}) } keys %$records;
        my $resolver_at = delete $txt{'__resolver__'};

        if (defined $resolver_at) {
            my ($host, $port) = $resolver_at =~ /^(.*):(\d+)$/;
            Mail::DKIM::DNS::resolver(Net::DNS::Resolver->new(nameservers => [$host], port => $port, recurse => 1, udp_timeout => 5, tcp_timeout => 5));
        } else {
            no warnings 'redefine';
            # Mail::DKIM asks DNS through this one function; answer from the records given, never the network.
            *Mail::DKIM::DNS::query = sub {
                my ($name, $type) = @_;
                my $key = lc $name; $key =~ s/\.$//;
                my $value = $txt{$key};
                return () unless defined $value && uc($type) eq 'TXT';
                my @strings = unpack('(a255)*', $value);
                return (Net::DNS::RR->new(name => $name, type => 'TXT', txtdata => [@strings]));
            };
        }

        my @results;
        for my $i (0 .. $count - 1) {
            my $message = slurp("$folder/msg$i.eml");
            my $verifier = Mail::DKIM::Verifier->new();
            my $ok = eval { $verifier->PRINT($message); $verifier->CLOSE; 1 };
            if (!$ok) { push @results, { error => "$@", verdicts => [] }; next; }
            my @verdicts = map {
                { domain => ($_->domain // ''), selector => ($_->selector // ''),
                  result => ($_->result // ''), detail => ($_->result_detail // '') }
            } $verifier->signatures;
            push @results, { error => undef, verdicts => \@verdicts };
        }
        print JSON::PP->new->canonical->encode(\@results);
        """;
}
