namespace Relay.Delivery.Spool;

/// <summary>
/// Spool ids: a version 7 GUID in "N" format, so ids sort by creation time (millisecond resolution) and can be
/// used as file names without escaping.
/// </summary>
internal static class SpoolId
{
    private const int Length = 32;

    public static string Create(TimeProvider timeProvider) =>
        Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N");

    public static bool IsValid(string? id) =>
        id is { Length: Length } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>Only ids the spool could have issued reach the file system, so no id can name another path.</summary>
    public static void Validate(string? id, string parameterName)
    {
        if (!IsValid(id))
        {
            throw new ArgumentException($"'{id}' is not a spool id: expected {Length} lowercase hexadecimal digits.", parameterName);
        }
    }
}
