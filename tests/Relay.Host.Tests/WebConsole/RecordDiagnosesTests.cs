using Relay.Core.Identities;
using Relay.Dns.Verification;
using Relay.WebConsole.Pages;

namespace Relay.Host.Tests.WebConsole;

/// <summary>Every outcome the DNS checker can give has words of its own on the identity page, with the record's names in them.</summary>
public sealed class RecordDiagnosesTests
{
    [Test]
    public void Every_outcome_of_the_checker_is_described()
    {
        var undescribed = Enum.GetNames<RecordOutcome>().Where(outcome => !RecordDiagnoses.IsDescribed(outcome)).ToList();

        Assert.That(Enum.GetNames<RecordOutcome>(), Has.Length.GreaterThanOrEqualTo(12));
        Assert.That(undescribed, Is.Empty);
        Assert.That(RecordDiagnoses.IsDescribed("SomethingNewer"), Is.False, "an unknown outcome falls back to the checker's own explanation");
    }

    [Test]
    public void Each_outcome_has_its_own_verdict()
    {
        var verdicts = Enum.GetNames<RecordOutcome>().Select(outcome => RecordDiagnoses.Describe(Finding(outcome), "example.com").Verdict).ToList();

        Assert.That(verdicts, Is.Unique);
    }

    [Test]
    public void A_duplicated_domain_says_the_domain_was_entered_twice_and_what_to_type()
    {
        var (verdict, advice) = RecordDiagnoses.Describe(Finding(nameof(RecordOutcome.DuplicatedDomain)), "example.com");

        Assert.That(verdict, Is.EqualTo("You entered the domain twice."));
        Assert.That(advice, Does.Contain("ends in example.com.example.com").And.Contain("Enter the name as tok1._domainkey (remove the trailing .example.com)"));
    }

    [Test]
    public void A_target_with_the_domain_appended_says_to_end_the_value_with_a_dot()
    {
        var (verdict, advice) = RecordDiagnoses.Describe(Finding(nameof(RecordOutcome.TargetDomainAppended)), "example.com");

        Assert.That(verdict, Does.Contain("added example.com to the end of the value"));
        Assert.That(advice, Does.Contain("tok1.dkim.relay.example.net.example.com").And.Contain("tok1.dkim.relay.example.net. (with a dot at the end)"));
    }

    [Test]
    public void An_unknown_outcome_shows_the_checkers_explanation()
    {
        var finding = Finding("SomethingNewer") with { Explanation = "What a newer Relay found." };

        Assert.That(RecordDiagnoses.Describe(finding, "example.com").Advice, Is.EqualTo("What a newer Relay found."));
    }

    private static DnsRecordDiagnostic Finding(string outcome) =>
        new("tok1._domainkey.example.com", "CNAME", "tok1.dkim.relay.example.net", outcome, "explained");
}
