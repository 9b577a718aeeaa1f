using System.Globalization;

namespace Relay.Dns;

/// <summary>SOA serial numbers in the common <c>yyyymmddNN</c> form (RFC 1912 2.2).</summary>
internal static class ZoneSerial
{
    /// <summary>The serial for <paramref name="time"/>'s UTC date with revision 00.</summary>
    public static uint ForDate(DateTimeOffset time) =>
        uint.Parse(time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) * 100;
}
