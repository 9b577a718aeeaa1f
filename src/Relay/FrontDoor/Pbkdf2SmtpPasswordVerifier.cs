using Relay.Core.Accounts;

namespace Relay.FrontDoor;

/// <summary>The real check: PBKDF2 as <see cref="SmtpPasswordHasher"/> stores it.</summary>
internal sealed class Pbkdf2SmtpPasswordVerifier : ISmtpPasswordVerifier
{
    public bool Verify(string password, string storedHash) => SmtpPasswordHasher.Verify(password, storedHash);
}
