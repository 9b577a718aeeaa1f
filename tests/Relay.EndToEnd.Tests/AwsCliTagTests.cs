namespace Relay.EndToEnd.Tests;

/// <summary>
/// awscli's <c>sesv2 tag-resource</c>, <c>list-tags-for-resource</c> and <c>untag-resource</c> against Relay, both
/// Debian's 2.9 and the pip 1.x: an identity's tags by its ARN, and GetEmailIdentity showing them.
/// </summary>
[TestFixture(AwsCli.DebianV2)]
[TestFixture(AwsCli.PipV1)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AwsCliTagTests(string cliPath)
{
    private const string Arn = "arn:aws:ses:" + ApiRelay.Region + ":shop:identity/example.com";

    private ApiCliSession? _session;

    private AwsCli Aws => _session!.Aws;

    [SetUp]
    public async Task StartAsync() => _session = await ApiCliSession.StartAsync(cliPath, TimeSpan.FromSeconds(1));

    [TearDown]
    public async Task StopAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }

    [Test]
    public async Task Tags_set_listed_and_removed_through_the_cli()
    {
        (await Aws.RunAsync("sesv2", "create-email-identity", "--email-identity", "example.com", "--tags", "Key=team,Value=billing")).Json();

        (await Aws.RunAsync("sesv2", "tag-resource", "--resource-arn", Arn, "--tags", "Key=env,Value=prod", "Key=cost,Value=42")).Json();
        var listed = (await Aws.RunAsync("sesv2", "list-tags-for-resource", "--resource-arn", Arn)).Json();
        (await Aws.RunAsync("sesv2", "untag-resource", "--resource-arn", Arn, "--tag-keys", "team", "cost")).Json();
        var identity = (await Aws.RunAsync("sesv2", "get-email-identity", "--email-identity", "example.com")).Json();

        Assert.That(Tags(listed), Is.EqualTo(new[] { ("cost", "42"), ("env", "prod"), ("team", "billing") }));
        Assert.That(Tags(identity), Is.EqualTo(new[] { ("env", "prod") }));
    }

    [Test]
    public async Task An_unknown_arn_is_NotFoundException()
    {
        var result = await Aws.RunAsync("sesv2", "list-tags-for-resource", "--resource-arn", $"arn:aws:ses:{ApiRelay.Region}:shop:identity/nothing.test");

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardError, Does.Contain("NotFoundException"));
    }

    private static (string Key, string Value)[] Tags(System.Text.Json.JsonElement json) =>
        json.GetProperty("Tags").EnumerateArray().Select(tag => (tag.GetProperty("Key").GetString()!, tag.GetProperty("Value").GetString()!)).ToArray();
}
