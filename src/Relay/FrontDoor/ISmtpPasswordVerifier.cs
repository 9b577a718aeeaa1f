namespace Relay.FrontDoor;

/// <summary>Checks a password against a stored SMTP password hash (the key-stretching step of AUTH).</summary>
internal interface ISmtpPasswordVerifier
{
    bool Verify(string password, string storedHash);
}
