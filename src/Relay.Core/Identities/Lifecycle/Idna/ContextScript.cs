namespace Relay.Core.Identities.Lifecycle.Idna;

/// <summary>The scripts the CONTEXTO rules (RFC 5892 A.4–A.7) ask about; the numbers are those of <see cref="IdnaTables"/>.</summary>
internal enum ContextScript
{
    Other = 0,
    Greek = 1,
    Hebrew = 2,

    /// <summary>Hiragana, Katakana or Han: what a KATAKANA MIDDLE DOT needs beside it.</summary>
    Japanese = 3,
}
