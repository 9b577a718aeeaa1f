using Relay.Configuration;

namespace Relay.Queueing;

/// <summary>Where the spool lives: <c>DataDirectory/spool</c>.</summary>
internal static class QueuePaths
{
    public static string Spool(LoadedSettings settings) => Path.Combine(settings.DataDirectory, "spool");
}
