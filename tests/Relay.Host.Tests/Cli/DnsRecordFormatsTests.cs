using Microsoft.VisualBasic.FileIO;
using Relay.Cli;
using Relay.Core.Identities;

namespace Relay.Host.Tests.Cli;

public sealed class DnsRecordFormatsTests
{
    private static readonly string LongTxt = "v=DKIM1; k=rsa; p=" + string.Concat(Enumerable.Repeat("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 9));

    private static readonly DnsRecord[] Records =
    [
        new("_amazonses.example.com", "TXT", "pmBGN/7MjnfhTKUZ06Enqq1PeGUaOkw8lGhcfwefcHU="),
        new("abcdefghijklmnopqrstuvwxyz234567._domainkey.example.com", "CNAME", "abcdefghijklmnopqrstuvwxyz234567.dkim.relay.example.net"),
        new("sel._domainkey.example.com", "TXT", LongTxt),
    ];

    [Test]
    public void The_table_has_a_header_and_one_aligned_row_per_record()
    {
        var lines = DnsRecordFormats.Format(Records, "table").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(lines, Has.Length.EqualTo(4));
        Assert.That(lines[0], Does.Match(@"^Name\s+Type\s+Value$"));
        var typeColumn = lines[0].IndexOf("Type", StringComparison.Ordinal);
        var valueColumn = lines[0].IndexOf("Value", StringComparison.Ordinal);
        for (var row = 0; row < Records.Length; row++)
        {
            var line = lines[row + 1];
            Assert.That(line, Does.StartWith(Records[row].Name + " "));
            Assert.That(line[typeColumn..].TrimStart(), Does.StartWith(Records[row].Type));
            Assert.That(line[valueColumn..], Is.EqualTo(Records[row].Value), "values start in the Value column");
        }
    }

    [Test]
    public void An_empty_table_is_the_header_alone()
    {
        Assert.That(DnsRecordFormats.Format([], "table").TrimEnd('\n'), Does.Match(@"^Name\s+Type\s+Value$"));
    }

    [Test]
    public void CSV_is_Name_Type_Value_with_CRLF_rows()
    {
        var csv = DnsRecordFormats.Format(Records, "csv");

        Assert.That(csv, Does.StartWith("Name,Type,Value\r\n"));
        Assert.That(csv, Does.EndWith("\r\n"));
        Assert.That(csv.Replace("\r\n", string.Empty, StringComparison.Ordinal), Does.Not.Contain('\n').And.Not.Contain('\r'));
        Assert.That(ParseCsv(csv), Is.EqualTo(new[] { new[] { "Name", "Type", "Value" } }
            .Concat(Records.Select(record => new[] { record.Name, record.Type, record.Value }))));
    }

    [Test]
    public void CSV_quotes_a_value_with_a_comma_or_a_quote_and_doubles_the_quote()
    {
        var awkward = new DnsRecord[]
        {
            new("a.example.com", "TXT", "one,two"),
            new("b.example.com", "TXT", "say \"hi\""),
            new("c.example.com", "TXT", "plain"),
        };

        var csv = DnsRecordFormats.Format(awkward, "csv");

        Assert.That(csv, Does.Contain("a.example.com,TXT,\"one,two\"\r\n"));
        Assert.That(csv, Does.Contain("b.example.com,TXT,\"say \"\"hi\"\"\"\r\n"));
        Assert.That(csv, Does.Contain("c.example.com,TXT,plain\r\n"));
        Assert.That(ParseCsv(csv).Skip(1).Select(row => row[2]), Is.EqualTo(new[] { "one,two", "say \"hi\"", "plain" }));
    }

    [Test]
    public void The_zone_snippet_has_fully_qualified_names_and_CNAME_targets_with_a_final_dot()
    {
        var lines = DnsRecordFormats.Format(Records, "zone").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines[1], Is.EqualTo(
            "abcdefghijklmnopqrstuvwxyz234567._domainkey.example.com.\tIN\tCNAME\tabcdefghijklmnopqrstuvwxyz234567.dkim.relay.example.net."));
        Assert.That(lines[0], Is.EqualTo("_amazonses.example.com.\tIN\tTXT\t\"pmBGN/7MjnfhTKUZ06Enqq1PeGUaOkw8lGhcfwefcHU=\""));
        Assert.That(lines.Select(line => line.Split('\t')[0]), Has.All.EndWith("."));
    }

    [Test]
    public void A_long_TXT_value_is_split_into_quoted_strings_of_at_most_255_octets_that_join_to_the_value()
    {
        var line = DnsRecordFormats.Format(Records, "zone").Split('\n')[2];

        Assert.That(line, Does.StartWith("sel._domainkey.example.com.\tIN\tTXT\t"));
        var strings = QuotedStrings(line);
        Assert.That(strings, Has.Count.GreaterThan(1));
        Assert.That(strings.Select(text => System.Text.Encoding.ASCII.GetByteCount(text)), Has.All.LessThanOrEqualTo(255));
        Assert.That(string.Concat(strings), Is.EqualTo(LongTxt));
    }

    [TestCase("CSV")]
    [TestCase("Zone")]
    [TestCase("bind")]
    public void Format_names_are_case_insensitive_and_bind_means_zone(string format)
    {
        Assert.DoesNotThrow(() => DnsRecordFormats.Format(Records, format));
    }

    [Test]
    public void An_unknown_format_is_a_usage_error_naming_it_and_the_choices()
    {
        var error = Assert.Throws<CliUsageException>(() => DnsRecordFormats.Format(Records, "yaml"));

        Assert.That(error!.Message, Does.Contain("yaml").And.Contain("table").And.Contain("csv").And.Contain("zone"));
    }

    /// <summary>Reads CSV with the framework's RFC 4180 parser, not with the code under test's rules.</summary>
    internal static List<string[]> ParseCsv(string csv)
    {
        using var parser = new TextFieldParser(new StringReader(csv)) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields()!);
        }

        return rows;
    }

    /// <summary>The character-strings of a zone-file TXT line: each "…" with \" and \\ unescaped.</summary>
    internal static List<string> QuotedStrings(string line)
    {
        var strings = new List<string>();
        var index = line.IndexOf('"', StringComparison.Ordinal);
        while (index >= 0)
        {
            var text = new System.Text.StringBuilder();
            var position = index + 1;
            while (line[position] != '"')
            {
                if (line[position] == '\\')
                {
                    position++;
                }

                text.Append(line[position++]);
            }

            strings.Add(text.ToString());
            index = line.IndexOf('"', position + 1);
        }

        return strings;
    }
}
