namespace Relay.Benchmarks;

/// <summary>The command line is wrong; the usage text is printed.</summary>
internal sealed class ToolUsageException(string message) : Exception(message);
