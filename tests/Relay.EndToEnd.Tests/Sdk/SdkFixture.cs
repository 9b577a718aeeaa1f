namespace Relay.EndToEnd.Tests.Sdk;

/// <summary>
/// Base of the fixtures that run once per SDK (<c>[TestFixtureSource(typeof(SdkClient), nameof(SdkClient.Names))]</c>):
/// a fresh Relay with its API for each test, and the SDK pointed at it with shop's key. A derived fixture's own
/// <c>[SetUp]</c> runs after this one, with both ready.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public abstract class SdkFixture(string sdkName)
{
    private ApiRelay? _relay;
    private SdkClient? _sdk;

    private protected string SdkName => sdkName;

    private protected ApiRelay Relay => _relay ?? throw new InvalidOperationException("The relay starts in SetUp.");

    private protected SdkClient Sdk => _sdk ?? throw new InvalidOperationException("The SDK is made in SetUp.");

    [SetUp]
    public async Task StartRelayAsync()
    {
        _relay = await ApiRelay.StartAsync();
        _sdk = SdkClient.Create(sdkName, _relay);
    }

    [TearDown]
    public async Task StopRelayAsync()
    {
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }
}
