using System.Text;
using System.Xml;
using System.Xml.Linq;
using Relay.Api.Errors;

namespace Relay.Api.Query;

/// <summary>
/// SES v1 reply envelopes: <c>&lt;XResponse&gt;&lt;XResult&gt;…&lt;/XResult&gt;&lt;ResponseMetadata&gt;&lt;RequestId&gt;</c>
/// (the Result element present even when empty: aws-cli 2.9 fails without it) and
/// <c>&lt;ErrorResponse&gt;&lt;Error&gt;{Type,Code,Message}&lt;/Error&gt;&lt;RequestId&gt;</c>.
/// </summary>
internal static class SesXml
{
    public static readonly XNamespace Namespace = "http://ses.amazonaws.com/doc/2010-12-01/";

    public static XElement Element(string name, params object?[] content) => new(Namespace + name, content);

    /// <summary>A list: one <c>member</c> element per item.</summary>
    public static XElement Members(string name, IEnumerable<string> items) =>
        Element(name, items.Select(item => Element("member", item)).ToArray());

    /// <summary>A map: one <c>entry</c> with <c>key</c> and <c>value</c> per pair.</summary>
    public static XElement Map(string name, IEnumerable<(string Key, object?[] Value)> entries) =>
        Element(name, entries.Select(entry => Element("entry", Element("key", entry.Key), Element("value", entry.Value))).ToArray());

    public static string Boolean(bool value) => value ? "true" : "false";

    /// <param name="action">The action name, which names the root and result elements.</param>
    /// <param name="result">The Result element's children; null for actions without an output shape (no Result element).</param>
    /// <param name="requestId">Goes into ResponseMetadata.</param>
    public static byte[] Success(string action, IReadOnlyList<XElement>? result, string requestId)
    {
        var root = Element(action + "Response");
        if (result is not null)
        {
            root.Add(Element(action + "Result", result.ToArray()));
        }

        root.Add(Element("ResponseMetadata", Element("RequestId", requestId)));
        return Serialize(root);
    }

    public static byte[] Error(ApiError error, string requestId)
    {
        ArgumentNullException.ThrowIfNull(error);
        var root = Element("ErrorResponse",
            Element("Error",
                Element("Type", error.IsServerFault ? "Receiver" : "Sender"),
                Element("Code", error.Code),
                Element("Message", error.Message)),
            Element("RequestId", requestId));
        return Serialize(root);
    }

    private static byte[] Serialize(XElement root)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, NewLineChars = "\n" };
        using (var writer = XmlWriter.Create(stream, settings))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
        }

        return stream.ToArray();
    }
}
