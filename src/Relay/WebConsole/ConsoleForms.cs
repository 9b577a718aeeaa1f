namespace Relay.WebConsole;

/// <summary>Names of the form fields and cookies the console uses.</summary>
internal static class ConsoleForms
{
    public const string CsrfField = "csrf";
    public const string NameField = "name";
    public const string PasswordField = "password";

    /// <summary>The session id.</summary>
    public const string SessionCookie = "relay-console-session";

    /// <summary>The sign-in form's CSRF token, before there is a session to hold one (double submit: cookie and field must agree).</summary>
    public const string SignInCookie = "relay-console-sign-in";
}
