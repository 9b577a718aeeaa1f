namespace Relay.Benchmarks;

/// <summary>A measurement could not be completed (a peer failed, messages went missing, a timeout passed).</summary>
internal sealed class BenchmarkFailedException(string message) : Exception(message);
