namespace Relay.Delivery.Spool;

/// <summary>Where each file of the spool lives; see FORMAT.md.</summary>
internal sealed class SpoolLayout
{
    public const string ContentExtension = ".eml";
    public const string EnvelopeExtension = ".json";
    public const string TemporaryExtension = ".tmp";

    public SpoolLayout(string root)
    {
        Root = Path.GetFullPath(root);
        ContentDirectory = Path.Combine(Root, "msg");
        EnvelopeDirectory = Path.Combine(Root, "env");
        CorruptDirectory = Path.Combine(Root, "corrupt");
        SpareDirectory = Path.Combine(Root, "spare");
        SpareContentDirectory = Path.Combine(SpareDirectory, "msg");
        SpareEnvelopeDirectory = Path.Combine(SpareDirectory, "env");
    }

    public string Root { get; }

    public string ContentDirectory { get; }

    public string EnvelopeDirectory { get; }

    public string CorruptDirectory { get; }

    public string SpareDirectory { get; }

    public string SpareContentDirectory { get; }

    public string SpareEnvelopeDirectory { get; }

    public string ContentPath(string id) => Path.Combine(ContentDirectory, id + ContentExtension);

    public string EnvelopePath(string id) => Path.Combine(EnvelopeDirectory, id + EnvelopeExtension);

    public string CorruptContentPath(string id) => Path.Combine(CorruptDirectory, id + ContentExtension);

    public string CorruptEnvelopePath(string id) => Path.Combine(CorruptDirectory, id + EnvelopeExtension);
}
