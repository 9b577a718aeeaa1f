using System.Collections.Frozen;
using Relay.Smtp.Protocol;

namespace Relay.Smtp.Commands;

/// <summary>The command for each verb.</summary>
internal static class SmtpCommands
{
    private static readonly FrozenDictionary<SmtpVerb, SmtpCommand> ByVerb = new SmtpCommand[]
    {
        new EhloCommand(),
        new HeloCommand(),
        new MailCommand(),
        new RcptCommand(),
        new DataCommand(),
        new BdatCommand(),
        new RsetCommand(),
        new NoopCommand(),
        new QuitCommand(),
        new VrfyCommand(),
        new HelpCommand(),
        new StartTlsCommand(),
        new AuthCommand(),
    }.ToFrozenDictionary(command => command.Verb);

    public static SmtpCommand For(SmtpVerb verb) => ByVerb[verb];
}
