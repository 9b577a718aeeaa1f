using System.Text;
using Relay.Dkim;
using Relay.Testing;

namespace Relay.Dkim.Tests;

/// <summary>The tags of the DKIM-Signature fields, and what oversigning From buys.</summary>
[TestFixture]
public sealed class SignatureHeaderTests
{
    private static readonly byte[] Plain = MessageCorpus.All.Single(m => m.Name == "plain ascii").Bytes;

    [Test]
    public async Task Tags_carry_domain_selector_algorithm_canonicalisation_and_the_fake_clock_time()
    {
        var output = SignedOutput.Parse(await TestSigning.SignAsync(Plain, TestKeys.Customer, TestKeys.Provider));

        var customer = SignedOutput.Tags(output.Fields[0]);
        var provider = SignedOutput.Tags(output.Fields[1]);
        Assert.Multiple(() =>
        {
            Assert.That(customer["v"], Is.EqualTo("1"));
            Assert.That(customer["d"], Is.EqualTo("example.com"));
            Assert.That(customer["s"], Is.EqualTo("relay2026"));
            Assert.That(customer["a"], Is.EqualTo("rsa-sha256"));
            Assert.That(customer["c"], Is.EqualTo("relaxed/simple"));
            Assert.That(customer["t"], Is.EqualTo(TestSigning.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(customer["t"], Is.EqualTo("1772366400"));
            Assert.That(customer.Keys, Does.Not.Contain("x"), "no expiry, like SES");
            Assert.That(provider["d"], Is.EqualTo("mail.relay-provider.test"));
            Assert.That(provider["s"], Is.EqualTo("ses1"));
            Assert.That(provider["bh"], Is.EqualTo(customer["bh"]), "same body, same body hash");
            Assert.That(provider["b"], Is.Not.EqualTo(customer["b"]));
        });
    }

    [Test]
    public async Task Fields_come_out_in_request_order()
    {
        var output = SignedOutput.Parse(await TestSigning.SignAsync(Plain, TestKeys.Provider, TestKeys.Customer));

        Assert.That(output.Fields.Select(f => SignedOutput.Tags(f)["d"]), Is.EqualTo(new[] { "mail.relay-provider.test", "example.com" }));
    }

    [Test]
    public async Task No_signature_covers_another_signature()
    {
        var output = SignedOutput.Parse(await TestSigning.SignAsync(Plain, TestKeys.Customer, TestKeys.Provider));

        Assert.That(output.SignedHeaderNames(1), Has.None.EqualTo("dkim-signature").IgnoreCase);
    }

    [Test]
    public async Task Default_list_signs_the_fields_present_with_From_oversigned()
    {
        var output = SignedOutput.Parse(await TestSigning.SignAsync(Plain, TestKeys.Customer));

        Assert.That(
            output.SignedHeaderNames(0),
            Is.EqualTo(new[] { "from", "from", "to", "subject", "date", "message-id", "mime-version" }));
    }

    [Test]
    public async Task From_is_listed_once_when_oversigning_is_off()
    {
        var output = SignedOutput.Parse(await TestSigning.SignAsync(Plain, TestKeys.Customer with { OversignFrom = false }));

        Assert.That(output.SignedHeaderNames(0).Count(name => name == "from"), Is.EqualTo(1));
    }

    [Test]
    public async Task Every_instance_of_a_repeated_field_is_signed()
    {
        var repeated = MessageCorpus.All.Single(m => m.Name == "To and Cc repeated").Bytes;

        var names = SignedOutput.Parse(await TestSigning.SignAsync(repeated, TestKeys.Customer)).SignedHeaderNames(0);

        Assert.Multiple(() =>
        {
            Assert.That(names.Count(name => name == "to"), Is.EqualTo(2));
            Assert.That(names.Count(name => name == "cc"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_custom_list_is_honoured_and_still_signs_From()
    {
        var request = TestKeys.Customer with { HeadersToSign = ["Subject", "X-Custom", "Date"], OversignFrom = false };
        var message = Encoding.ASCII.GetBytes(MessageCorpus.Headers("custom", "X-Custom: yes") + "\r\nbody\r\n");

        var names = SignedOutput.Parse(await TestSigning.SignAsync(message, request)).SignedHeaderNames(0);

        Assert.That(names, Is.EqualTo(new[] { "from", "subject", "x-custom", "date" }));
    }

    [Test]
    public async Task The_one_click_unsubscribe_fields_are_signed_by_default()
    {
        var message = Encoding.ASCII.GetBytes(MessageCorpus.Headers("bulk",
            "List-Unsubscribe: <https://example.com/u?id=1>, <mailto:u@example.com>", "List-Unsubscribe-Post: List-Unsubscribe=One-Click") + "\r\nbody\r\n");

        var names = SignedOutput.Parse(await TestSigning.SignAsync(message, TestKeys.Customer)).SignedHeaderNames(0);

        Assert.That(names, Does.Contain("list-unsubscribe").And.Contain("list-unsubscribe-post"));
    }

    [Test]
    public void Default_signed_headers_are_the_SES_list_and_the_one_click_unsubscribe_fields()
    {
        Assert.That(
            DkimMessageSigner.DefaultSignedHeaders,
            Is.EqualTo(new[]
            {
                "From", "To", "Cc", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
                "Content-Transfer-Encoding", "Reply-To", "In-Reply-To", "References", "List-Unsubscribe", "List-Unsubscribe-Post",
            }));
    }

    [Test]
    public async Task An_added_From_breaks_an_oversigned_signature_for_both_verifiers()
    {
        var oversigned = await TestSigning.SignAsync(Plain, TestKeys.Customer);
        byte[] tampered = [.. "From: Attacker <ceo@example.com>\r\n"u8, .. oversigned];

        var python = await DkimVerifiers.VerifyManyWithPythonAsync([oversigned, tampered], TestKeys.TxtRecords);
        var perl = await DkimVerifiers.VerifyManyWithPerlAsync([oversigned, tampered], TestKeys.TxtRecords);

        Assert.Multiple(() =>
        {
            Assert.That(python[0].Single().Result, Is.EqualTo("pass"), "control: untouched");
            Assert.That(python[1].Single().Result, Is.EqualTo("fail"), "python3-dkim: the second From is caught");
            Assert.That(perl[0].Single().Result, Is.EqualTo("pass"), "control: untouched");
            Assert.That(perl[1].Single().Result, Is.EqualTo("fail"), "Mail::DKIM: the second From is caught");
        });
    }

    [Test]
    public async Task Without_oversigning_an_added_From_goes_unnoticed_by_a_verifier_that_takes_h_literally()
    {
        // The control for the test above. python3-dkim quietly adds "from" to h= itself when
        // verifying (its bug#644046 guard), so only Mail::DKIM shows what oversigning buys.
        var notOversigned = await TestSigning.SignAsync(Plain, TestKeys.Customer with { OversignFrom = false });
        byte[] tampered = [.. "From: Attacker <ceo@example.com>\r\n"u8, .. notOversigned];

        var perl = await DkimVerifiers.VerifyWithPerlAsync(tampered, TestKeys.TxtRecords);

        Assert.That(perl.Single().Result, Is.EqualTo("pass"));
    }

    [Test]
    public async Task A_signature_already_in_the_message_is_kept_below_the_new_ones_and_not_signed()
    {
        var existing = "DKIM-Signature: v=1; a=rsa-sha256; d=customer-mta.example; s=own; c=relaxed/relaxed;\r\n"
            + "\th=from:subject; bh=AAAA; b=AAAA\r\n";
        var message = Encoding.ASCII.GetBytes(existing + Encoding.ASCII.GetString(Plain));

        var signed = await TestSigning.SignAsync(message, TestKeys.Customer, TestKeys.Provider);
        var perl = await DkimVerifiers.VerifyWithPerlAsync(signed, TestKeys.TxtRecords);
        var output = SignedOutput.Parse(signed);

        Assert.Multiple(() =>
        {
            Assert.That(perl.Select(v => v.Domain), Is.EqualTo(new[] { "example.com", "mail.relay-provider.test", "customer-mta.example" }));
            Assert.That(perl.Take(2).Select(v => v.Result), Has.All.EqualTo("pass"), DkimVerdict.Describe(perl));
            Assert.That(perl[2].Result, Is.Not.EqualTo("pass"), "its key is published nowhere");
            Assert.That(output.Fields, Has.Count.EqualTo(3), "the two new fields, then the received one");
            Assert.That(signed[^message.Length..], Is.EqualTo(message));
            Assert.That(output.SignedHeaderNames(1), Has.None.EqualTo("dkim-signature"));
        });
    }

    [Test]
    public async Task Altering_the_body_or_a_signed_header_fails_verification()
    {
        var signed = await TestSigning.SignAsync(Plain, TestKeys.Customer);
        var text = Encoding.ASCII.GetString(signed);

        var verdicts = await DkimVerifiers.VerifyManyWithPerlAsync(
            [
                Encoding.ASCII.GetBytes(text.Replace("plain message", "plain massage", StringComparison.Ordinal)),
                Encoding.ASCII.GetBytes(text.Replace("Subject: Plain", "Subject: Pl4in", StringComparison.Ordinal)),
            ],
            TestKeys.TxtRecords);

        Assert.Multiple(() =>
        {
            Assert.That(verdicts[0].Single().Result, Is.EqualTo("fail"), DkimVerdict.Describe(verdicts[0]));
            Assert.That(verdicts[0].Single().Detail, Does.Contain("body has been altered"));
            Assert.That(verdicts[1].Single().Result, Is.EqualTo("fail"), DkimVerdict.Describe(verdicts[1]));
        });
    }
}
