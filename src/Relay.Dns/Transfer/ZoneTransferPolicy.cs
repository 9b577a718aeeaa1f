using System.Net;
using Relay.Dns.Tsig;

namespace Relay.Dns.Transfer;

/// <summary>
/// Who may transfer the key zone: only a configured secondary, only over TCP, only with a valid TSIG. The address is
/// checked before the signature, so that a stranger learns nothing about the key (REFUSED, not NOTAUTH).
/// </summary>
internal sealed class ZoneTransferPolicy(IReadOnlyList<SecondaryServer> secondaries, bool hasKey)
{
    public TransferDecision Decide(IPAddress client, bool overTcp, TsigOutcome tsig)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!hasKey || secondaries.Count == 0)
        {
            return TransferDecision.RefusedTransfersOff;
        }

        if (!overTcp)
        {
            return TransferDecision.RefusedOverUdp;
        }

        if (!secondaries.Any(secondary => secondary.Matches(client)))
        {
            return TransferDecision.RefusedNotSecondary;
        }

        return tsig switch
        {
            TsigOutcome.Valid => TransferDecision.Allowed,
            TsigOutcome.Unsigned => TransferDecision.RefusedUnsigned,
            TsigOutcome.Malformed => TransferDecision.FormatError,
            _ => TransferDecision.NotAuthenticated,
        };
    }
}
