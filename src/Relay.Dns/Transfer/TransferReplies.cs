using Relay.Dns.Wire;

namespace Relay.Dns.Transfer;

/// <summary>
/// The header-and-question part of transfer responses, copied from the request: same id, opcode, RD and question, with
/// QR set and the return code given. Zone data and TSIG are appended by the caller.
/// </summary>
internal static class TransferReplies
{
    public const int NoError = 0;
    public const int FormatError = 1;
    public const int ServerFailure = 2;
    public const int Refused = 5;

    private const int ResponseFlag = 0x8000;
    private const int AuthoritativeFlag = 0x0400;
    private const int OpcodeAndRecursionDesired = 0x7900;

    /// <summary>
    /// A response with the request's question and <paramref name="answers"/> answer records (written after it by the
    /// caller). Null when the request has no readable question (then only FORMERR without a question will do).
    /// </summary>
    public static DnsMessageWriter? Start(ReadOnlySpan<byte> request, int returnCode, bool authoritative, int answers, bool withQuestion = true)
    {
        if (DnsWire.TryReadQuestions(request, out var questionEnd) != NameCheck.Valid || DnsWire.QuestionCount(request) != 1)
        {
            return null;
        }

        var requestFlags = (request[2] << 8) | request[3];
        var flags = ResponseFlag | (requestFlags & OpcodeAndRecursionDesired) | (authoritative ? AuthoritativeFlag : 0) | returnCode;
        var writer = new DnsMessageWriter();
        writer.WriteHeader(DnsWire.Id(request), (ushort)flags, withQuestion ? 1 : 0, answers, 0, 0);
        if (withQuestion)
        {
            writer.WriteBytes(request[DnsWire.HeaderLength..questionEnd]);
        }

        return writer;
    }
}
