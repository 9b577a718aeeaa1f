namespace Relay.Testing;

/// <summary>
/// The From-field parsers run by <see cref="AddressParsers"/>. Each reads a JSON array of raw field values (folding
/// kept) on standard input and prints a JSON array with, per value, every parser's list of addresses: an empty list
/// when that parser found none or failed. Quoted local parts are put in one spelling by the peer itself.
/// </summary>
internal static class AddressParserScripts
{
    public const string Python = """
        import email, email.policy, email.utils, json, re, sys
        from email.headerregistry import Address

        def canonical(addr_spec):
            try:
                return Address(addr_spec=addr_spec).addr_spec
            except Exception:
                return addr_spec

        results = []
        for value in json.load(sys.stdin):
            unfolded = re.sub(r"\r?\n(?=[ \t])", "", value)
            try:
                field = email.message_from_string("From: " + value + "\r\n\r\n", policy=email.policy.default)["From"]
                registry = [a.addr_spec for a in field.addresses]
            except Exception:
                registry = []
            pairs = email.utils.getaddresses([unfolded])
            strict = [canonical(a) for _, a in pairs if a]
            results.append({"python-headerregistry": registry, "python-getaddresses-strict": strict})
        print(json.dumps(results))
        """;

    public const string Perl = """
        use strict;
        use warnings;
        use Email::Address::XS qw(parse_email_addresses);
        use Mail::Address;
        use JSON::PP;

        binmode STDIN; binmode STDOUT;
        local $/;
        my $values = JSON::PP->new->utf8->decode(<STDIN>);
        my @results;
        for my $value (@$values) {
            (my $unfolded = $value) =~ s/\r?\n(?=[ \t])//g;
            my @xs = map { $_->is_valid ? $_->address : '(invalid)' } parse_email_addresses($unfolded);
            my @ma;
            {
                local $SIG{__WARN__} = sub { };
                for my $parsed (Mail::Address->parse($unfolded)) {
                    my $bare = Email::Address::XS->parse_bare_address($parsed->address);
                    push @ma, $bare->is_valid ? $bare->address : $parsed->address;
                }
            }
            push @results, { 'perl-email-address-xs' => \@xs, 'perl-mail-address' => \@ma };
        }
        print JSON::PP->new->utf8->canonical->encode(\@results);
        """;
}
