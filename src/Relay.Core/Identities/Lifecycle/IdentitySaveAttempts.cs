namespace Relay.Core.Identities.Lifecycle;

/// <summary>
/// How often a change of an identity is applied again when its compare-and-swap save finds that another request saved
/// the identity first. A conflict needs two saves of one identity within one read-to-save (milliseconds); three in a
/// row means the identity is being hammered, and the caller is better told to try again than held. Not a setting: no
/// deployment has been seen to need another number.
/// </summary>
internal static class IdentitySaveAttempts
{
    public const int Max = 3;
}
