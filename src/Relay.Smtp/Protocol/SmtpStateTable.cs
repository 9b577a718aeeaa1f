using System.Collections.Frozen;
using static Relay.Smtp.Protocol.SmtpState;
using static Relay.Smtp.Protocol.SmtpVerb;

namespace Relay.Smtp.Protocol;

/// <summary>
/// The RFC 5321 dialogue as a table: state, command, guard, next state. A command with no row in a state is
/// refused with 503 5.5.1. STARTTLS leads back to <see cref="NotGreeted"/>, so MAIL needs a new EHLO after it.
/// </summary>
internal static class SmtpStateTable
{
    private static readonly FrozenDictionary<(SmtpState, SmtpVerb), SmtpTransition> Rows = BuildRows()
        .ToFrozenDictionary(row => (row.State, row.Verb));

    public static SmtpTransition Find(SmtpState state, SmtpVerb verb) =>
        Rows.TryGetValue((state, verb), out var row) ? row : new SmtpTransition(state, verb, state, Refusal: SmtpReplies.BadSequence);

    private static IEnumerable<SmtpTransition> BuildRows()
    {
        // state           verb        on success       on failure       guard / refusal
        SmtpTransition[] rows =
        [
            new(NotGreeted,     Ehlo,      Greeted),
            new(NotGreeted,     Helo,      Greeted),
            new(NotGreeted,     Mail,      NotGreeted,      Refusal: SmtpReplies.SendHelloFirst),
            new(NotGreeted,     Rcpt,      NotGreeted,      Refusal: SmtpReplies.SendHelloFirst),
            new(NotGreeted,     Data,      NotGreeted,      Refusal: SmtpReplies.SendHelloFirst),
            new(NotGreeted,     Bdat,      NotGreeted,      Refusal: SmtpReplies.SendHelloFirst),
            new(NotGreeted,     Auth,      NotGreeted,      Refusal: SmtpReplies.SendHelloFirst),
            new(NotGreeted,     StartTls,  NotGreeted,      Refusal: SmtpReplies.SendHelloFirst),
            new(NotGreeted,     Rset,      NotGreeted),

            new(Greeted,        Ehlo,      Greeted),
            new(Greeted,        Helo,      Greeted),
            new(Greeted,        Mail,      MailGiven),
            new(Greeted,        StartTls,  NotGreeted,      Guard: SmtpGuards.StartTlsAvailable),
            new(Greeted,        Auth,      Greeted,         Guard: SmtpGuards.AuthAvailable),
            new(Greeted,        Rcpt,      Greeted,         Refusal: SmtpReplies.NeedMailFirst),
            new(Greeted,        Data,      Greeted,         Refusal: SmtpReplies.NeedMailFirst),
            new(Greeted,        Bdat,      Greeted,         Refusal: SmtpReplies.NeedMailFirst),
            new(Greeted,        Rset,      Greeted),

            new(MailGiven,      Ehlo,      Greeted),
            new(MailGiven,      Helo,      Greeted),
            new(MailGiven,      Rcpt,      RecipientGiven),
            new(MailGiven,      Mail,      MailGiven,       Refusal: SmtpReplies.NestedMail),
            new(MailGiven,      Data,      MailGiven,       Refusal: SmtpReplies.NoValidRecipients),
            new(MailGiven,      Bdat,      MailGiven,       Refusal: SmtpReplies.NoValidRecipients),
            new(MailGiven,      Auth,      MailGiven,       Refusal: SmtpReplies.NotInTransaction),
            new(MailGiven,      StartTls,  MailGiven,       Refusal: SmtpReplies.NotInTransaction),
            new(MailGiven,      Rset,      Greeted),

            new(RecipientGiven, Ehlo,      Greeted),
            new(RecipientGiven, Helo,      Greeted),
            new(RecipientGiven, Rcpt,      RecipientGiven),
            new(RecipientGiven, Data,      Greeted,         Guard: SmtpGuards.NotBinaryMime),
            new(RecipientGiven, Bdat,      Chunking,        OnFailure: Greeted),
            new(RecipientGiven, Mail,      RecipientGiven,  Refusal: SmtpReplies.NestedMail),
            new(RecipientGiven, Auth,      RecipientGiven,  Refusal: SmtpReplies.NotInTransaction),
            new(RecipientGiven, StartTls,  RecipientGiven,  Refusal: SmtpReplies.NotInTransaction),
            new(RecipientGiven, Rset,      Greeted),

            new(Chunking,       Bdat,      Chunking,        OnFailure: Greeted),
            new(Chunking,       Rset,      Greeted),
            new(Chunking,       Noop,      Chunking),
            new(Chunking,       Quit,      Chunking),
        ];

        // NOOP, VRFY, HELP and QUIT are allowed in every state but Chunking (RFC 3030 only lets BDAT, RSET, NOOP and QUIT follow a chunk).
        SmtpState[] ordinaryStates = [NotGreeted, Greeted, MailGiven, RecipientGiven];
        var anytime = ordinaryStates.SelectMany(state => new SmtpTransition[]
        {
            new(state, Noop, state),
            new(state, Vrfy, state),
            new(state, Help, state),
            new(state, Quit, state),
        });

        var afterChunk = Enum.GetValues<SmtpVerb>()
            .Where(verb => verb is not (Bdat or Rset or Noop or Quit))
            .Select(verb => new SmtpTransition(Chunking, verb, Chunking, Refusal: SmtpReplies.OnlyBdatMayFollow));

        return rows.Concat(anytime).Concat(afterChunk);
    }
}
