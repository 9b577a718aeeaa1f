namespace Relay.Core.Identities;

/// <summary>The RSA key sizes SES offers for Easy DKIM (RSA_1024_BIT, RSA_2048_BIT).</summary>
public enum DkimKeyLength
{
    Rsa1024 = 1024,
    Rsa2048 = 2048,
}
