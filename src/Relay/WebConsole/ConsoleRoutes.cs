namespace Relay.WebConsole;

/// <summary>The console's paths, in one place so that links, redirects and the router agree.</summary>
internal static class ConsoleRoutes
{
    public const string Home = "/";
    public const string SignIn = "/sign-in";
    public const string SignOut = "/sign-out";
    public const string Identities = "/identities";
    public const string Identity = "/identity";
    public const string Stylesheet = "/console.css";

    /// <summary>One identity's page; names go in the query, where any character an account or address may hold is safe.</summary>
    public static string IdentityOf(string accountName, string identityName) =>
        $"{Identity}?account={Uri.EscapeDataString(accountName)}&name={Uri.EscapeDataString(identityName)}";
}
