namespace Relay.EndToEnd.Tests.Sdk;

/// <summary>
/// Debian's boto3 1.26 (botocore 1.29) has no Message.Headers or Message.Attachments in its SES v2 model: it refuses
/// them itself (ParamValidationError) and never sends the request. Pinned so the day Debian's model grows them, this
/// fails and the SDK joins <see cref="SimpleContentThroughSdkTests"/>.
/// </summary>
public sealed class SimpleContentThroughOldBoto3Tests
{
    [Test]
    public async Task Debian_boto3_refuses_simple_headers_and_attachments_client_side()
    {
        await using var relay = await ApiRelay.StartAsync();
        var sdk = SdkClient.Boto3(relay);

        var result = await sdk.CallAsync("sesv2", "SendEmail", SimpleContentThroughSdkTests.Message(
            headers: [new { Name = "List-Unsubscribe", Value = "<mailto:u@example.com>" }],
            attachments: [new { FileName = "a.pdf", RawContent = SdkClient.Bytes([1, 2, 3]) }]));

        result.AssertError("ParamValidationError");
        Assert.That(result.ErrorMessage, Does.Contain("\"Headers\"").And.Contain("\"Attachments\""));
        Assert.That(relay.Relay.Sink.Transactions, Is.Empty);
    }
}
