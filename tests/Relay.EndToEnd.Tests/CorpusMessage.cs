using System.Text;

namespace Relay.EndToEnd.Tests;

/// <summary>One message of the end-to-end corpus: its exact bytes and the signing domains expected on arrival, top first.</summary>
internal sealed record CorpusMessage(string Name, byte[] Content, IReadOnlyList<string> ExpectedDomains)
{
    public static CorpusMessage FromText(string name, string content, params string[] expectedDomains) =>
        new(name, Encoding.UTF8.GetBytes(content), expectedDomains);
}
