using System.Globalization;
using System.Text;
using MimeKit.Utils;

namespace Relay.Core.Ingestion;

/// <summary>
/// Prepares the header section before anything is signed, as SES (and Postfix's cleanup) do for every message:
/// every Bcc and Resent-Bcc field is removed, so hidden recipients stay hidden; X-SES-CONFIGURATION-SET and
/// X-SES-MESSAGE-TAGS are consumed (their values returned, the fields removed); a Date field (the time of
/// acceptance) and a Message-ID field (<c>&lt;message id@provider domain&gt;</c>, the id the client was given)
/// are added when the message has none.
/// </summary>
/// <remarks>
/// Only the header section is read into memory; the body is copied from the source a chunk at a time into a buffer
/// from <see cref="ContentBufferFactory"/>, so a large message stays in its temporary file. Field names are compared
/// without regard to case, a folded field goes as a whole, and every field that stays keeps its bytes and its place;
/// the added fields go at the end of the header section. A message that needs none of this is not copied.
/// A client's own Date and Message-ID are kept (SES documents that it overrides both): they are what its replies
/// thread on (In-Reply-To, References) and what a signature it added itself may cover.
/// </remarks>
internal sealed class HeaderPreparation(ContentBufferFactory buffers, TimeProvider timeProvider)
{
    public const string ConfigurationSetFieldName = "X-SES-CONFIGURATION-SET";
    public const string MessageTagsFieldName = "X-SES-MESSAGE-TAGS";

    private const int ChunkSize = 16 * 1024;

    /// <summary>Fields that never reach a recipient.</summary>
    private static readonly string[] Removed = ["Bcc", "Resent-Bcc", ConfigurationSetFieldName, MessageTagsFieldName];

    /// <summary>
    /// Prepares <paramref name="content"/> (seekable, CRLF) for the message <paramref name="messageId"/>; leaves the
    /// source at position 0. The result's content is null when the message needs no change.
    /// </summary>
    public async Task<HeaderPreparationResult> PrepareAsync(
        Stream content, string messageId, string providerDomain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(providerDomain);
        content.Position = 0;
        byte[] header;
        try
        {
            header = await ReadHeaderSectionAsync(content, cancellationToken);
        }
        finally
        {
            content.Position = 0;
        }

        var fields = HeaderFields(header);
        var dropped = fields.Where(field => Removed.Any(field.Is)).ToList();
        var addDate = !fields.Any(field => field.Is("Date"));
        var addMessageId = !fields.Any(field => field.Is("Message-ID"));
        if (dropped.Count == 0 && !addDate && !addMessageId)
        {
            return HeaderPreparationResult.Unchanged;
        }

        var changes = dropped
            .GroupBy(field => Removed.First(field.Is))
            .Select(group => group.Count() == 1 ? $"removed {group.Key}" : $"removed {group.Key} ({group.Count()})")
            .ToList();
        var added = new StringBuilder();
        if (addDate)
        {
            added.Append("Date: ").Append(DateUtils.FormatDate(timeProvider.GetUtcNow())).Append("\r\n");
            changes.Add("added Date");
        }

        if (addMessageId)
        {
            added.Append("Message-ID: <").Append(messageId).Append('@').Append(AsciiDomain(providerDomain)).Append(">\r\n");
            changes.Add("added Message-ID");
        }

        var output = buffers.Create(content.Length + added.Length);
        try
        {
            await WriteAsync(content, header, fields, dropped, added.ToString(), output, cancellationToken);
        }
        catch
        {
            await output.DisposeAsync();
            throw;
        }

        return new HeaderPreparationResult(
            output,
            dropped.Where(field => field.Is(ConfigurationSetFieldName)).Select(field => field.Value(header)).FirstOrDefault(value => value.Length > 0),
            dropped.Where(field => field.Is(MessageTagsFieldName)).Select(field => field.Value(header)).Where(value => value.Length > 0)
                .Aggregate((string?)null, (all, value) => all is null ? value : $"{all}, {value}"),
            changes);
    }

    private static async Task WriteAsync(
        Stream content, byte[] header, List<HeaderField> fields, List<HeaderField> dropped, string added, Stream output,
        CancellationToken cancellationToken)
    {
        var lastKept = -1;
        foreach (var field in fields.Where(field => !dropped.Contains(field)))
        {
            await output.WriteAsync(header.AsMemory(field.Start, field.End - field.Start), cancellationToken);
            lastKept = field.End;
        }

        if (added.Length > 0)
        {
            // A header section that ends the message may lack its last CRLF; an added field must start a line.
            if (lastKept > 0 && header[lastKept - 1] != (byte)'\n')
            {
                await output.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
            }

            await output.WriteAsync(Encoding.ASCII.GetBytes(added), cancellationToken);
        }

        content.Position = header.Length;
        await content.CopyToAsync(output, ChunkSize, cancellationToken);
        content.Position = 0;
        output.Position = 0;
    }

    /// <summary>The header section: every byte before the empty line that ends it (or the whole content, when there is none).</summary>
    private static async Task<byte[]> ReadHeaderSectionAsync(Stream content, CancellationToken cancellationToken)
    {
        using var section = new MemoryStream();
        var chunk = new byte[ChunkSize];
        var scanned = 0;
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            section.Write(chunk, 0, read);
            var data = section.GetBuffer().AsSpan(0, (int)section.Length);
            var end = HeaderEnd(data, Math.Max(0, scanned - 2));
            if (end >= 0)
            {
                return data[..end].ToArray();
            }

            scanned = data.Length;
        }

        return section.ToArray();
    }

    /// <summary>Where the empty line that ends the header section starts, searching from <paramref name="from"/>; -1 if not yet seen.</summary>
    internal static int HeaderEnd(ReadOnlySpan<byte> data, int from)
    {
        if (from == 0 && (data.StartsWith("\r\n"u8) || data.StartsWith("\n"u8)))
        {
            return 0;
        }

        for (var i = Math.Max(from, 0); i < data.Length - 1; i++)
        {
            if (data[i] == (byte)'\n' && (data[i + 1] == (byte)'\n' || data[(i + 1)..].StartsWith("\r\n"u8)))
            {
                return i + 1;
            }
        }

        return -1;
    }

    /// <summary>The fields of a header section, each with its continuation lines (RFC 5322 2.2.3 folding).</summary>
    private static List<HeaderField> HeaderFields(byte[] header)
    {
        var fields = new List<HeaderField>();
        var start = 0;
        while (start < header.Length)
        {
            var newline = header.AsSpan(start).IndexOf((byte)'\n');
            var end = newline < 0 ? header.Length : start + newline + 1;
            if (header[start] is (byte)' ' or (byte)'\t' && fields.Count > 0)
            {
                fields[^1] = fields[^1] with { End = end };
            }
            else
            {
                var colon = header.AsSpan(start, end - start).IndexOf((byte)':');
                var name = colon < 0 ? string.Empty : Encoding.Latin1.GetString(header, start, colon).TrimEnd(' ', '\t');
                fields.Add(new HeaderField(start, end, name, colon < 0 ? end : start + colon + 1));
            }

            start = end;
        }

        return fields;
    }

    private static string AsciiDomain(string domain)
    {
        if (System.Text.Ascii.IsValid(domain))
        {
            return domain;
        }

        try
        {
            return new IdnMapping().GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return domain;
        }
    }

    /// <summary>One field: its bytes [Start, End) in the header section, its name, and where its value starts.</summary>
    private sealed record HeaderField(int Start, int End, string Name, int ValueStart)
    {
        public bool Is(string name) => Name.Equals(name, StringComparison.OrdinalIgnoreCase);

        /// <summary>The unfolded value, trimmed.</summary>
        public string Value(byte[] header) =>
            Encoding.UTF8.GetString(FieldUnfolding.Unfold(header.AsSpan(ValueStart, End - ValueStart))).Trim();
    }
}
