using Relay.Smtp.Grammar;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>AUTH (RFC 4954): "AUTH" SP sasl-mech [SP initial-response]; PLAIN and LOGIN.</summary>
internal sealed class AuthCommand : SmtpCommand
{
    public override SmtpVerb Verb => SmtpVerb.Auth;

    public override async ValueTask<CommandResult> ExecuteAsync(SmtpSession session, CommandLine command)
    {
        var argument = command.Argument;
        var space = argument.Span.IndexOf(SmtpCharacters.Space);
        var mechanism = space < 0 ? argument : argument[..space];
        // Typed explicitly: a bare null here would convert to an empty ReadOnlyMemory through byte[].
        var initialResponse = space < 0 ? (ReadOnlyMemory<byte>?)null : argument[(space + 1)..];
        if (mechanism.IsEmpty || (initialResponse is { } initial && (initial.IsEmpty || initial.Span.Contains(SmtpCharacters.Space))))
        {
            return CommandResult.Failure(SmtpReplies.AuthSyntax);
        }

        if (SmtpCharacters.EqualsIgnoreCase(mechanism.Span, PlainMechanism.Name))
        {
            return await PlainMechanism.RunAsync(session, initialResponse);
        }

        if (SmtpCharacters.EqualsIgnoreCase(mechanism.Span, LoginMechanism.Name))
        {
            return await LoginMechanism.RunAsync(session, initialResponse);
        }

        return CommandResult.Failure(SmtpReplies.UnknownMechanism);
    }
}
