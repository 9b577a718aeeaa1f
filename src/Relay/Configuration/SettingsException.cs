namespace Relay.Configuration;

/// <summary>A setting is missing or wrong; the message names it. Start-up stops on it.</summary>
public sealed class SettingsException(string message, Exception? inner = null) : Exception(message, inner);
