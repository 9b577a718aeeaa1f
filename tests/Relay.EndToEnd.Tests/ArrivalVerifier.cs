using System.Net;
using Relay.Testing;

namespace Relay.EndToEnd.Tests;

/// <summary>
/// Verifies every message a sink accepts with python3-dkim and Mail::DKIM through a resolver, a batch at a time while
/// mail keeps arriving. A message is judged soon after it arrives, as a receiver judges it: the key behind an Easy DKIM
/// token is replaced once its retention has passed, and mail is not expected to verify after that. New arrivals are
/// those past the count verified, so the sink's list must only grow at its end: mail submitted one message at a time.
/// </summary>
internal sealed class ArrivalVerifier(SmtpSink sink, IPEndPoint resolver)
{
    private readonly List<VerifiedArrival> _verified = [];

    /// <summary>The messages verified so far, in the order they arrived. Read it once <see cref="RunAsync"/> has ended.</summary>
    public IReadOnlyList<VerifiedArrival> Verified => _verified;

    /// <summary>Verifies what arrived every <paramref name="interval"/> until <paramref name="stop"/>, then what arrived until then.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(interval, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await VerifyNewArrivalsAsync();
        }

        // The stop may have come while a batch was being verified: what arrived meanwhile is verified now.
        await VerifyNewArrivalsAsync();
    }

    private async Task VerifyNewArrivalsAsync()
    {
        var arrived = sink.Delivered.Skip(_verified.Count).Select(transaction => transaction.Data).ToArray();
        if (arrived.Length == 0)
        {
            return;
        }

        // One process start per verifier and batch; the two run side by side.
        var pythonRun = DkimVerifiers.VerifyManyWithPythonThroughResolverAsync(arrived, resolver);
        var perlRun = DkimVerifiers.VerifyManyWithPerlThroughResolverAsync(arrived, resolver);
        await Task.WhenAll(pythonRun, perlRun);
        var python = await pythonRun;
        var perl = await perlRun;
        for (var i = 0; i < arrived.Length; i++)
        {
            var signatures = SignedMessage.Split(arrived[i]).SignatureFields.Select(DkimSignatureTags.Parse).ToArray();
            _verified.Add(new VerifiedArrival(_verified.Count, signatures, python[i], perl[i]));
        }
    }
}
