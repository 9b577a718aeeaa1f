namespace Relay.Smtp.Protocol;

/// <summary>One row of the state table.</summary>
/// <param name="State">The state the row applies in.</param>
/// <param name="Verb">The command.</param>
/// <param name="OnSuccess">The next state when the command succeeds.</param>
/// <param name="OnFailure">The next state when it fails; null keeps the current state.</param>
/// <param name="Guard">Checked before the command runs; a reply refuses it.</param>
/// <param name="Refusal">When set, the command is always refused in this state with this reply.</param>
internal sealed record SmtpTransition(
    SmtpState State,
    SmtpVerb Verb,
    SmtpState OnSuccess,
    SmtpState? OnFailure = null,
    Func<SessionFacts, SmtpReply?>? Guard = null,
    SmtpReply? Refusal = null)
{
    /// <summary>The reply that refuses the command before it runs, or null when it may run.</summary>
    public SmtpReply? Check(SessionFacts facts) => Refusal ?? Guard?.Invoke(facts);

    public SmtpState NextState(SmtpState current, CommandOutcome outcome) => outcome switch
    {
        CommandOutcome.Succeeded => OnSuccess,
        CommandOutcome.TransactionCompleted => SmtpState.Greeted,
        _ => OnFailure ?? current,
    };
}
