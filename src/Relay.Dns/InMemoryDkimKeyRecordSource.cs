using System.Collections.Concurrent;

namespace Relay.Dns;

/// <summary>A thread-safe, in-memory <see cref="IDkimKeyRecordSource"/>; labels are compared case-insensitively.</summary>
public sealed class InMemoryDkimKeyRecordSource : IDkimKeyRecordSource
{
    private readonly ConcurrentDictionary<string, string> _records = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _changing = new();
    private uint _serial;

    /// <summary>An empty source whose SOA serial starts at <paramref name="initialSerial"/> and moves on with every change.</summary>
    public InMemoryDkimKeyRecordSource(uint initialSerial = 1) => _serial = initialSerial;

    /// <summary>Publishes (or replaces) the TXT value at <paramref name="label"/>.</summary>
    /// <exception cref="ArgumentException">The label is not a single DNS label, or the value is not printable ASCII.</exception>
    public void Set(string label, string txtValue)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(txtValue);
        if (!DnsNames.IsHostnameLabel(label))
        {
            throw new ArgumentException($"'{label}' is not a single DNS label of letters, digits and hyphens.", nameof(label));
        }

        if (!TxtCharacterStrings.IsPrintableAscii(txtValue))
        {
            throw new ArgumentException("A TXT value must be printable ASCII.", nameof(txtValue));
        }

        lock (_changing)
        {
            var key = label.ToLowerInvariant();
            if (!_records.TryGetValue(key, out var current) || current != txtValue)
            {
                _records[key] = txtValue;
                _serial = unchecked(_serial + 1);
            }
        }
    }

    /// <summary>Withdraws the record at <paramref name="label"/>; returns false if there was none.</summary>
    public bool Remove(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        lock (_changing)
        {
            if (!_records.TryRemove(label, out _))
            {
                return false;
            }

            _serial = unchecked(_serial + 1);
            return true;
        }
    }

    /// <inheritdoc />
    public ValueTask<uint> SerialAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_changing)
        {
            return ValueTask.FromResult(_serial);
        }
    }

    /// <inheritdoc />
    public ValueTask<string?> FindTxtAsync(string label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(label);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_records.TryGetValue(label, out var value) ? value : null);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<(string Label, string TxtValue)> ListAsync(CancellationToken cancellationToken) =>
        _records
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => (pair.Key, pair.Value))
            .ToArray()
            .ToAsyncEnumerable();
}
