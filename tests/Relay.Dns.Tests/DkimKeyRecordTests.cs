using Relay.Dns.Verification;

namespace Relay.Dns.Tests;

/// <summary>Reading a DKIM key record's tag list (RFC 6376 3.6.1), without DNS.</summary>
public sealed class DkimKeyRecordTests
{
    [TestCase("v=DKIM1; k=rsa; p=AQID")]
    [TestCase("p=AQID")]
    [TestCase("v=DKIM1;k=rsa;p=AQ ID;")]
    [TestCase("  v=DKIM1; p=AQID; t=s  ")]
    public void A_key_record_gives_its_decoded_key(string txt)
    {
        var record = DkimKeyRecord.Parse(txt);

        Assert.Multiple(() =>
        {
            Assert.That(record.Kind, Is.EqualTo(DkimKeyRecordKind.Key));
            Assert.That(record.PublicKey, Is.EqualTo(new byte[] { 1, 2, 3 }));
        });
    }

    [TestCase("v=DKIM1; p=")]
    [TestCase("v=DKIM1; k=rsa; p= ")]
    public void An_empty_p_is_revoked(string txt) =>
        Assert.That(DkimKeyRecord.Parse(txt).Kind, Is.EqualTo(DkimKeyRecordKind.Revoked));

    [TestCase("v=spf1 -all", "is not v=DKIM1")]
    [TestCase("k=rsa; t=y", "no p= tag")]
    [TestCase("k=rsa; v=DKIM1; p=AQID", "not the first tag")]
    [TestCase("v=DKIM2; p=AQID", "v=DKIM2")]
    [TestCase("v=DKIM1; p=!!!", "not base64")]
    [TestCase("v=DKIM1; p=AQID; p=AQID", "twice")]
    [TestCase("\"v=DKIM1; p=AQID\"", "quotation marks")]
    [TestCase("just text", "not a tag=value pair")]
    public void Anything_else_is_malformed_with_the_reason(string txt, string problem)
    {
        var record = DkimKeyRecord.Parse(txt);

        Assert.Multiple(() =>
        {
            Assert.That(record.Kind, Is.EqualTo(DkimKeyRecordKind.Malformed));
            Assert.That(record.Problem, Does.Contain(problem));
        });
    }
}
