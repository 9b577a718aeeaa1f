namespace Relay.Smtp.Protocol;

internal enum LineFrame
{
    Incomplete,
    Complete,
    TooLong,
}
