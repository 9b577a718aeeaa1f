namespace Relay.Smtp.Admission;

/// <summary>Which connection limit refused a session.</summary>
internal enum AdmissionRefusal
{
    /// <summary><see cref="SmtpServerOptions.MaxConnections"/>.</summary>
    Total,

    /// <summary><see cref="SmtpServerOptions.MaxConnectionsPerAddress"/>.</summary>
    Address,

    /// <summary><see cref="SmtpServerOptions.MaxConnectionRatePerAddress"/>.</summary>
    AddressRate,
}
