using Relay.Smtp.Protocol;
using static Relay.Smtp.Protocol.SmtpState;
using static Relay.Smtp.Protocol.SmtpVerb;

namespace Relay.Smtp.Tests.Protocol;

public sealed class SmtpStateTableTests
{
    private static readonly SessionFacts Plain = new(IsSecure: false, IsAuthenticated: false, StartTlsOffered: true, AuthOffered: false, TransactionBodyType: null);

    [TestCase(NotGreeted, Ehlo, Greeted)]
    [TestCase(NotGreeted, Helo, Greeted)]
    [TestCase(Greeted, Mail, MailGiven)]
    [TestCase(MailGiven, Rcpt, RecipientGiven)]
    [TestCase(RecipientGiven, Rcpt, RecipientGiven)]
    [TestCase(RecipientGiven, Data, Greeted)]
    [TestCase(RecipientGiven, Bdat, Chunking)]
    [TestCase(Chunking, Bdat, Chunking)]
    [TestCase(Greeted, StartTls, NotGreeted)]
    [TestCase(MailGiven, Rset, Greeted)]
    [TestCase(RecipientGiven, Ehlo, Greeted)]
    [TestCase(Chunking, Rset, Greeted)]
    [TestCase(NotGreeted, Rset, NotGreeted)]
    public void Allowed_commands_move_to_the_next_state_on_success(object state, object verb, object next)
    {
        var row = SmtpStateTable.Find((SmtpState)state, (SmtpVerb)verb);

        Assert.That(row.Check(Plain), Is.Null);
        Assert.That(row.NextState((SmtpState)state, CommandOutcome.Succeeded), Is.EqualTo(next));
    }

    [TestCase(NotGreeted, Mail, "5.5.1", 503)]
    [TestCase(NotGreeted, Auth, "5.5.1", 503)]
    [TestCase(NotGreeted, StartTls, "5.5.1", 503)]
    [TestCase(Greeted, Rcpt, "5.5.1", 503)]
    [TestCase(Greeted, Data, "5.5.1", 503)]
    [TestCase(Greeted, Bdat, "5.5.1", 503)]
    [TestCase(MailGiven, Mail, "5.5.1", 503)]
    [TestCase(MailGiven, Data, "5.5.1", 554)]
    [TestCase(MailGiven, Auth, "5.5.1", 503)]
    [TestCase(RecipientGiven, StartTls, "5.5.1", 503)]
    [TestCase(Chunking, Data, "5.5.1", 503)]
    [TestCase(Chunking, Mail, "5.5.1", 503)]
    [TestCase(Chunking, Ehlo, "5.5.1", 503)]
    public void Out_of_sequence_commands_are_refused(object state, object verb, string enhancedCode, int code)
    {
        var refusal = SmtpStateTable.Find((SmtpState)state, (SmtpVerb)verb).Check(Plain);

        Assert.That((refusal?.Code, refusal?.EnhancedCode), Is.EqualTo(((int?)code, enhancedCode)));
    }

    [Test]
    public void Every_state_has_a_row_for_every_verb_or_a_503()
    {
        foreach (var state in Enum.GetValues<SmtpState>())
        {
            foreach (var verb in Enum.GetValues<SmtpVerb>())
            {
                var row = SmtpStateTable.Find(state, verb);
                var refusal = row.Check(Plain);
                Assert.That(refusal is null || refusal.Code is 503 or 554 or 502 or 538, $"{state} {verb}: {refusal}");
            }
        }
    }

    [Test]
    public void Failure_keeps_the_state_unless_the_row_says_otherwise()
    {
        Assert.That(SmtpStateTable.Find(Greeted, Mail).NextState(Greeted, CommandOutcome.Failed), Is.EqualTo(Greeted));
        Assert.That(SmtpStateTable.Find(MailGiven, Rcpt).NextState(MailGiven, CommandOutcome.Failed), Is.EqualTo(MailGiven));
        Assert.That(SmtpStateTable.Find(Chunking, Bdat).NextState(Chunking, CommandOutcome.Failed), Is.EqualTo(Greeted));
    }

    [Test]
    public void A_completed_transaction_returns_to_greeted()
    {
        Assert.That(SmtpStateTable.Find(Chunking, Bdat).NextState(Chunking, CommandOutcome.TransactionCompleted), Is.EqualTo(Greeted));
    }

    [Test]
    public void Starttls_guard_refuses_when_already_secure_or_without_a_certificate()
    {
        var row = SmtpStateTable.Find(Greeted, StartTls);

        Assert.That(row.Check(Plain with { IsSecure = true })?.ToString(), Is.EqualTo("503 5.5.1 TLS already active"));
        Assert.That(row.Check(Plain with { StartTlsOffered = false })?.Code, Is.EqualTo(502));
    }

    [Test]
    public void Auth_guard_refuses_a_second_auth_and_auth_without_encryption()
    {
        var row = SmtpStateTable.Find(Greeted, Auth);

        Assert.That(row.Check(Plain with { AuthOffered = true, IsAuthenticated = true })?.ToString(), Is.EqualTo("503 5.5.1 Already authenticated"));
        Assert.That(row.Check(Plain)?.ToString(), Does.StartWith("538 5.7.11"));
        Assert.That(row.Check(Plain with { AuthOffered = true }), Is.Null);
    }

    [Test]
    public void Data_guard_refuses_binarymime_bodies()
    {
        var row = SmtpStateTable.Find(RecipientGiven, Data);

        Assert.That(row.Check(Plain with { TransactionBodyType = SmtpBodyType.BinaryMime })?.Code, Is.EqualTo(503));
        Assert.That(row.Check(Plain with { TransactionBodyType = SmtpBodyType.EightBitMime }), Is.Null);
    }
}
