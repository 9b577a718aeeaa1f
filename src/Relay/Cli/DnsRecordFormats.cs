using System.Text;
using Relay.Core.Identities;
using Relay.Signing;

namespace Relay.Cli;

/// <summary>The records to publish as a table, as CSV (Name,Type,Value, like the SES console's download) or as a BIND snippet.</summary>
internal static class DnsRecordFormats
{
    public static string Format(IReadOnlyList<DnsRecord> records, string format) => format.ToLowerInvariant() switch
    {
        "table" => Table(records),
        "csv" => Csv(records),
        "zone" or "bind" => Zone(records),
        _ => throw new CliUsageException($"--format '{format}' is not table, csv or zone."),
    };

    private static string Table(IReadOnlyList<DnsRecord> records)
    {
        var nameWidth = Math.Max("Name".Length, records.Select(record => record.Name.Length).DefaultIfEmpty().Max());
        var text = new StringBuilder();
        text.Append("Name".PadRight(nameWidth)).Append("  Type   Value\n");
        foreach (var record in records)
        {
            text.Append(record.Name.PadRight(nameWidth)).Append("  ").Append(record.Type.PadRight(5)).Append("  ").Append(record.Value).Append('\n');
        }

        return text.ToString();
    }

    private static string Csv(IReadOnlyList<DnsRecord> records)
    {
        var text = new StringBuilder("Name,Type,Value\r\n");
        foreach (var record in records)
        {
            text.Append(CsvField(record.Name)).Append(',').Append(CsvField(record.Type)).Append(',').Append(CsvField(record.Value)).Append("\r\n");
        }

        return text.ToString();
    }

    private static string Zone(IReadOnlyList<DnsRecord> records)
    {
        var text = new StringBuilder();
        foreach (var record in records)
        {
            var value = record.Type == "TXT" ? DnsText.Quote(record.Value) : record.Value + ".";
            text.Append(record.Name).Append(".\tIN\t").Append(record.Type).Append('\t').Append(value).Append('\n');
        }

        return text.ToString();
    }

    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
