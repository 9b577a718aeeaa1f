namespace Relay.Dns.Verification;

/// <summary>
/// The SOA record of the zone that answered "no such record" (from the authority section of a negative answer,
/// RFC 2308), which shows which zone and which primary server the resolver reached.
/// </summary>
/// <param name="PrimaryNameServer">MNAME, without the trailing dot.</param>
/// <param name="AdminEmail">RNAME as a mailbox: its first unescaped dot read as <c>@</c> (<c>hostmaster.example.com</c> → <c>hostmaster@example.com</c>).</param>
/// <param name="SerialNumber">The zone's serial.</param>
public sealed record ZoneSoa(string PrimaryNameServer, string AdminEmail, uint SerialNumber)
{
    /// <summary>RFC 1035 §8: a mailbox's local part is the first label; a dot inside it is escaped as <c>\.</c>.</summary>
    public static string MailboxOf(string rname)
    {
        ArgumentNullException.ThrowIfNull(rname);
        var name = rname.TrimEnd('.');
        for (var index = 0; index < name.Length; index++)
        {
            if (name[index] == '\\')
            {
                index++;
            }
            else if (name[index] == '.')
            {
                return name[..index].Replace("\\.", ".", StringComparison.Ordinal) + "@" + name[(index + 1)..];
            }
        }

        return name;
    }
}
