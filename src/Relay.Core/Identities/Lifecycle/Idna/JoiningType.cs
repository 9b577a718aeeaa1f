namespace Relay.Core.Identities.Lifecycle.Idna;

/// <summary>The Joining_Type values the ZWNJ rule (RFC 5892 A.1) names; the numbers are those of <see cref="IdnaTables"/>.</summary>
internal enum JoiningType
{
    Other = 0,
    DualJoining = 1,
    LeftJoining = 2,
    RightJoining = 3,
    Transparent = 4,
}
