using System.ComponentModel.DataAnnotations;

namespace Relay.Core.Storage;

/// <summary>The free-space reserve and the spool's spare files (<c>Relay:Storage</c>).</summary>
public sealed class StorageReserveOptions
{
    /// <summary>New mail is refused with 452 4.3.1 while less than this is free on the data folder's file system; 0 turns the check off. Default 256 MiB.</summary>
    public long MinimumFreeDiskBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How long a measurement of free space is reused. Default 1 second.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The most bytes the spool keeps in spare files of delivered messages (files reused by later writes, see the
    /// spool's SpareFiles), for each kind (content, envelopes); 0 keeps none. Default 256 MiB: enough for the
    /// thousands of 100 KB messages a burst leaves behind (with 64 MiB the benchmark's 100 KB runs still created a
    /// tenth of their files anew, at ext4's inode-allocation cost), and given back when the disk runs short.
    /// </summary>
    public long MaxSpareBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Throws a <see cref="ValidationException"/> naming every bad setting.</summary>
    public void Validate()
    {
        if (MinimumFreeDiskBytes < 0 || MaxSpareBytes < 0)
        {
            throw new ValidationException($"MinimumFreeDiskBytes and MaxSpareBytes must be 0 or more (were {MinimumFreeDiskBytes} and {MaxSpareBytes}).");
        }

        if (CheckInterval < TimeSpan.Zero)
        {
            throw new ValidationException($"CheckInterval must not be negative (was {CheckInterval}).");
        }
    }
}
