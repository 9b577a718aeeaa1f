namespace Relay.Core.Quotas;

/// <summary>What every rate bucket forgives when it asks for one recipient.</summary>
internal static class SendRateRounding
{
    /// <summary>Refills add up fractions of a second; a sum that should be exactly one recipient must not fall just short of it.</summary>
    public const double Allowance = 1e-9;
}
