using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;

namespace Relay.Dns;

/// <summary>
/// Answers one query for the key zone, authoritatively and without recursion: TXT at <c>&lt;token&gt;.&lt;zone&gt;</c>,
/// SOA and NS at the apex, NXDOMAIN or NODATA with the SOA for negative caching, REFUSED outside the zone.
/// Sizes and truncation are the transport's business (<see cref="DkimZoneServer"/>).
/// </summary>
internal sealed class DkimZoneResponder
{
    private readonly DkimZone _zone;
    private readonly IDkimKeyRecordSource _records;
    private readonly int _maxUdpPayloadSize;
    private readonly ILogger _logger;

    private readonly KeyZoneInstruments? _instruments;

    public DkimZoneResponder(DkimZone zone, IDkimKeyRecordSource records, int maxUdpPayloadSize, ILogger logger, KeyZoneInstruments? instruments = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(logger);
        _zone = zone;
        _records = records;
        _maxUdpPayloadSize = maxUdpPayloadSize;
        _logger = logger;
        _instruments = instruments;
    }

    public async ValueTask<DnsMessage> RespondAsync(DnsMessage query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var response = query.CreateResponseInstance();
        response.IsRecursionAllowed = false;
        if (response.IsEDnsEnabled)
        {
            // The response's OPT carries the payload size the transport may fill: the client's offer (at least 512,
            // RFC 6891 6.2.5) capped by ours. Version 0 is the only one we speak.
            var offered = query.EDnsOptions!.UdpPayloadSize;
            response.EDnsOptions!.UdpPayloadSize =
                (ushort)Math.Clamp(offered, DkimZoneOptions.MinimumUdpPayloadSize, _maxUdpPayloadSize);
            response.EDnsOptions.Version = 0;
        }

        var outcome = await AnswerAsync(query, response, cancellationToken).ConfigureAwait(false);
        response.ReturnCode = outcome;
        if (query.Questions.Count > 0)
        {
            var question = query.Questions[0];
            _logger.QueryAnswered(question.Name, question.RecordType, outcome);
            _instruments?.Answered(question.RecordType, outcome);
        }

        return response;
    }

    private async ValueTask<ReturnCode> AnswerAsync(DnsMessage query, DnsMessage response, CancellationToken cancellationToken)
    {
        if (query.OperationCode != OperationCode.Query)
        {
            return ReturnCode.NotImplemented;
        }

        if (query.IsEDnsEnabled && query.EDnsOptions!.Version != 0)
        {
            return ReturnCode.BadVersion;
        }

        if (query.Questions.Count != 1)
        {
            return ReturnCode.FormatError;
        }

        var question = query.Questions[0];
        var inZone = question.Name.IsEqualOrSubDomainOf(_zone.Apex)
            && question.RecordClass is RecordClass.INet or RecordClass.Any;
        if (!inZone || question.RecordType is RecordType.Axfr or RecordType.Ixfr)
        {
            // Not a resolver. Transfers are answered before ARSoft by ZoneTransferHandler; one that got here is refused.
            return ReturnCode.Refused;
        }

        response.IsAuthoritiveAnswer = true;
        uint serial;
        string? value;
        try
        {
            serial = await _records.SerialAsync(cancellationToken).ConfigureAwait(false);
            if (question.Name.Equals(_zone.Apex))
            {
                return AnswerAtApex(question, response, serial);
            }

            if (_zone.IsInZoneNameServer(question.Name))
            {
                return AnswerAtNameServer(question, response, serial);
            }

            value = await FindTxtAsync(question, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whatever the store throws, the resolver gets SERVFAIL (and retries) rather than a wrong NXDOMAIN.
            _logger.RecordSourceFailed(question.Name, exception);
            response.IsAuthoritiveAnswer = false;
            return ReturnCode.ServerFailure;
        }

        if (value is null)
        {
            response.AuthorityRecords.Add(_zone.NegativeSoa(serial));
            return ReturnCode.NxDomain;
        }

        if (!TxtCharacterStrings.IsPrintableAscii(value))
        {
            _logger.InvalidTxtValue(question.Name.Labels[0]);
            response.IsAuthoritiveAnswer = false;
            return ReturnCode.ServerFailure;
        }

        if (question.RecordType is RecordType.Txt or RecordType.Any)
        {
            response.AnswerRecords.Add(_zone.Txt(question.Name, value));
        }
        else
        {
            response.AuthorityRecords.Add(_zone.NegativeSoa(serial));
        }

        return ReturnCode.NoError;
    }

    private ReturnCode AnswerAtApex(DnsQuestion question, DnsMessage response, uint serial)
    {
        switch (question.RecordType)
        {
            case RecordType.Soa:
                response.AnswerRecords.Add(_zone.Soa(question.Name, serial));
                break;
            case RecordType.Ns:
                response.AnswerRecords.AddRange(_zone.Ns(question.Name));
                response.AdditionalRecords.AddRange(_zone.Glue());
                break;
            case RecordType.Any:
                response.AnswerRecords.Add(_zone.Soa(question.Name, serial));
                response.AnswerRecords.AddRange(_zone.Ns(question.Name));
                break;
            default:
                response.AuthorityRecords.Add(_zone.NegativeSoa(serial));
                break;
        }

        return ReturnCode.NoError;
    }

    private ReturnCode AnswerAtNameServer(DnsQuestion question, DnsMessage response, uint serial)
    {
        var family = question.RecordType switch
        {
            RecordType.A => AddressFamily.InterNetwork,
            RecordType.Aaaa => AddressFamily.InterNetworkV6,
            _ => AddressFamily.Unknown,
        };
        var addresses = _zone.Addresses(question.Name, family).ToList();
        if (addresses.Count == 0)
        {
            response.AuthorityRecords.Add(_zone.NegativeSoa(serial));
        }

        response.AnswerRecords.AddRange(addresses);
        return ReturnCode.NoError;
    }

    /// <summary>Only single labels directly below the apex can hold a key; anything deeper does not exist.</summary>
    private ValueTask<string?> FindTxtAsync(DnsQuestion question, CancellationToken cancellationToken)
    {
        if (question.Name.LabelCount != _zone.Apex.LabelCount + 1)
        {
            return ValueTask.FromResult<string?>(null);
        }

        var label = question.Name.Labels[0].ToLowerInvariant();
        return DnsNames.IsHostnameLabel(label)
            ? _records.FindTxtAsync(label, cancellationToken)
            : ValueTask.FromResult<string?>(null);
    }
}
