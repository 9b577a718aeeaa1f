namespace Relay.WebConsole.Pages;

/// <summary>What was typed into the add-an-identity forms, to show again after a refusal (never the private key).</summary>
internal sealed record NewIdentityValues(string Account, string Domain, string Address, bool Byodkim, string Selector)
{
    public static NewIdentityValues Empty { get; } = new(string.Empty, string.Empty, string.Empty, false, string.Empty);
}
