using System.Text;
using MimeKit;

namespace Relay.EndToEnd.Tests.Cluster;

/// <summary>The test messages of the cluster tests: numbered by their Message-ID (<see cref="ArrivedCopy.MessageIdOf"/>).</summary>
internal static class NumberedMessage
{
    public static MimeMessage Create(int number, string from) =>
        MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(
            $"From: {from}\r\nTo: someone@dest.test\r\nSubject: cluster {number}\r\nMessage-ID: {ArrivedCopy.MessageIdOf(number)}\r\n\r\nMessage number {number}.\r\n")));
}
