namespace Relay.Container.Tests;

/// <summary>What a test container gets: host folders and loopback ports (host networking), all as environment variables.</summary>
internal sealed record RelayContainerSettings(
    string DataDirectory, string SecretFile, int SubmissionPort, int ImplicitTlsPort, int NextHopPort, string ProviderDomain, int KeyZonePort,
    int ApiPort, string DeliveryMode = "Queue");
