namespace Relay.Core.Identities;

/// <summary>Who made a domain's DKIM keys: Relay (Easy DKIM, SES's AWS_SES) or the customer (BYODKIM, SES's EXTERNAL).</summary>
public enum DkimSigningOrigin
{
    AwsSes,
    External,
}
