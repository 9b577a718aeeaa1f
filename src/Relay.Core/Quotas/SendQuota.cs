namespace Relay.Core.Quotas;

/// <summary>What GetSendQuota (v1) and GetAccount's SendQuota (v2) report for an account.</summary>
/// <param name="Limits">The limits enforced for the account.</param>
/// <param name="SentLast24Hours">Recipients of accepted messages in the rolling 24 hours (SMTP and API together).</param>
public readonly record struct SendQuota(SendingLimits Limits, long SentLast24Hours);
