using System.Globalization;

namespace Relay.Dns;

/// <summary>SOA serial numbers in the common <c>yyyymmddNN</c> form (RFC 1912 2.2): where a new zone's serial starts.</summary>
public static class ZoneSerial
{
    /// <summary>The serial for <paramref name="time"/>'s UTC date with revision 00.</summary>
    public static uint ForDate(DateTimeOffset time) =>
        uint.Parse(time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) * 100;
}
