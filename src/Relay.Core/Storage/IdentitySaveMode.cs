namespace Relay.Core.Storage;

/// <summary>How a store writes an identity row: over anything, only over the version read, or only where there is none.</summary>
internal enum IdentitySaveMode
{
    Upsert,
    IfUnchanged,
    IfAbsent,
}
