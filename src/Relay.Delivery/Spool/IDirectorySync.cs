namespace Relay.Delivery.Spool;

/// <summary>Makes the entries of a directory (creations, renames, deletions) durable.</summary>
internal interface IDirectorySync
{
    void Flush(string directory);
}
