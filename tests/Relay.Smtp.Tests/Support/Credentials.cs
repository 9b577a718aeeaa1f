using System.Text;

namespace Relay.Smtp.Tests.Support;

internal static class Credentials
{
    public static string Plain(string user, string password, string authorizationId = "") =>
        Base64($"{authorizationId}\0{user}\0{password}");

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
