using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Relay.Host.Tests;

/// <summary>An event id names one event across the whole product, so that a log query by id finds only that event.</summary>
public sealed class LogEventIdTests
{
    [Test]
    public void No_two_log_events_share_an_id()
    {
        var assemblies = new[] { "relay", "Relay.Core", "Relay.Smtp", "Relay.Dns", "Relay.Dkim", "Relay.Delivery", "Relay.Api" }
            .Select(name => Assembly.Load(name));
        var events = assemblies
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (Method: $"{method.DeclaringType!.FullName}.{method.Name}", Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(found => found.Attribute is not null)
            .ToList();

        var shared = events.GroupBy(found => found.Attribute!.EventId)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(found => found.Method))}")
            .ToList();

        Assert.That(events, Has.Count.GreaterThan(50), "the log events were found");
        Assert.That(shared, Is.Empty);
    }
}
