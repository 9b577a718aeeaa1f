namespace Relay.Core.Identities.Lifecycle.Idna;

/// <summary>The Bidi_Class values the IDNA bidi rule (RFC 5893) names; the numbers are those of <see cref="IdnaTables"/>.</summary>
internal enum BidiClass
{
    L = 0,
    R = 1,
    AL = 2,
    AN = 3,
    EN = 4,
    ES = 5,
    CS = 6,
    ET = 7,
    ON = 8,
    BN = 9,
    NSM = 10,
}
