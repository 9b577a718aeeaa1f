using System.Buffers.Binary;
using System.Net;
using ARSoft.Tools.Net.Dns;
using Relay.Dns.Tsig;
using Relay.Dns.Wire;

namespace Relay.Dns;

/// <summary>One UDP query and the way back to its sender; the channel belongs to <see cref="UdpQueryTransport"/>.</summary>
internal sealed class UdpQueryConnection : IServerConnection
{
    private readonly UdpQueryTransport _transport;
    private readonly string _name;
    private readonly ushort _type;
    private readonly TsigRecord? _signedWith;
    private DnsReceivedRawPackage? _query;
    private int _disposed;

    /// <param name="transport">The transport that received it.</param>
    /// <param name="query">The query as ARSoft reads it.</param>
    /// <param name="message">The query's bytes, whose question has passed <see cref="DnsWire.TryReadQuestions"/>.</param>
    /// <param name="signedWith">The query's TSIG record when it was validly signed: the answer is signed too.</param>
    public UdpQueryConnection(UdpQueryTransport transport, DnsReceivedRawPackage query, ReadOnlySpan<byte> message, TsigRecord? signedWith)
    {
        _signedWith = signedWith;
        _transport = transport;
        _query = query;
        RemoteEndPoint = query.RemoteEndpoint;
        LocalEndPoint = query.LocalEndpoint;
        (_name, _type) = FirstQuestion(message);
    }

    public IServerTransport Transport => _transport;

    public IPEndPoint RemoteEndPoint { get; }

    public IPEndPoint LocalEndPoint { get; }

    public bool CanRead => _query is not null;

    public Task<bool> InitializeAsync(CancellationToken token = default) => Task.FromResult(true);

    public Task<DnsReceivedRawPackage?> ReceiveAsync(CancellationToken token = default)
    {
        var query = _query;
        _query = null;
        return Task.FromResult(query);
    }

    public Task<bool> SendAsync(DnsRawPackage package, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        ReadOnlyMemory<byte> response = package.ToArraySegment(includeLengthHeader: false);
        if (_signedWith is not null)
        {
            response = _transport.Sign(response.Span, _signedWith);
        }

        return _transport.SendLimitedAsync(response, RemoteEndPoint, _name, _type, token);
    }

    /// <summary>ARSoft calls it once the query has been answered (or has failed).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _transport.OnQueryFinished();
        }
    }

    private static (string Name, ushort Type) FirstQuestion(ReadOnlySpan<byte> message)
    {
        if (DnsWire.QuestionCount(message) == 0)
        {
            return (string.Empty, 0);
        }

        DnsWire.TryReadName(message, DnsWire.HeaderLength, out var next, out _);
        return (DnsWire.NameText(message, DnsWire.HeaderLength), BinaryPrimitives.ReadUInt16BigEndian(message[next..]));
    }
}
