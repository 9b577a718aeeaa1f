using System.Buffers;
using System.Globalization;
using System.Text;

namespace Relay.Smtp.Protocol;

/// <summary>Formats replies for the wire: <c>code SP|"-" [enhanced-code SP] text CRLF</c> for each line.</summary>
internal static class SmtpReplyWriter
{
    public static void Write(IBufferWriter<byte> output, SmtpReply reply)
    {
        var lines = reply.Text.Split('\n');
        var builder = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            builder.Append(reply.Code.ToString(CultureInfo.InvariantCulture));
            builder.Append(i == lines.Length - 1 ? ' ' : '-');
            if (reply.EnhancedCode.Length > 0)
            {
                builder.Append(reply.EnhancedCode).Append(' ');
            }

            builder.Append(lines[i]).Append("\r\n");
        }

        Encoding.UTF8.GetBytes(builder.ToString(), output);
    }
}
