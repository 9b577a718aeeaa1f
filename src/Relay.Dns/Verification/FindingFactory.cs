using Microsoft.Extensions.Logging;

namespace Relay.Dns.Verification;

/// <summary>Makes the findings of one record type and logs each outcome (names and outcomes only, never values).</summary>
internal sealed class FindingFactory(string recordType, ILogger logger)
{
    public RecordFinding Make(string name, string expected, RecordOutcome outcome, string? found, string? foundAt, string explanation)
    {
        logger.Checked(recordType, name, outcome);
        return new RecordFinding(name, recordType, expected, outcome, found, foundAt, explanation);
    }

    public RecordFinding ResolverError(string name, string expected, string? error)
    {
        logger.ResolverFailed(recordType, name, error);
        return Make(name, expected, RecordOutcome.ResolverError, null, null,
            $"The resolver could not answer for {name} ({error}); nothing is known about this record yet.") with { NameExists = null };
    }

    public RecordFinding Misplaced(string name, string expected, MisplacedName place, string value, bool nameExists) =>
        Make(name, expected, place.Outcome, value, place.Name,
            $"No {recordType} at {name}, but one at {place.Name}: {place.Mistake}.") with { NameExists = nameExists };
}
