namespace Relay.Core.Ingestion;

/// <summary>
/// Says, for a From (or Sender) field value that did not parse as one mailbox, what is most likely wrong. Only the
/// wording of the refusal comes from here; whether to refuse is the grammar's decision.
/// </summary>
internal static class FromFieldDiagnosis
{
    /// <param name="value">The unfolded field value.</param>
    /// <param name="field">The field's name as the refusal says it ("From", "Sender").</param>
    public static string Explain(ReadOnlySpan<byte> value, string field = "From")
    {
        var counts = new SpecialCounts();
        var quoted = false;
        var commentDepth = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            if (b is < 0x20 and not (byte)'\t' or 0x7F)
            {
                return $"the {field} header holds a control character or a line break that is not folding";
            }

            if (b == (byte)'\\')
            {
                i++;
            }
            else if (quoted)
            {
                quoted = b != (byte)'"';
            }
            else if (b == (byte)'(')
            {
                commentDepth++;
            }
            else if (b == (byte)')' && commentDepth > 0)
            {
                commentDepth--;
            }
            else if (commentDepth == 0)
            {
                quoted = b == (byte)'"';
                counts.Count(b);
            }
        }

        if (quoted || commentDepth > 0)
        {
            return $"a quoted string or comment in the {field} header is not closed";
        }

        return counts.Explain(field);
    }

    private sealed class SpecialCounts
    {
        private int _at;
        private int _atBeforeAngle;
        private int _open;
        private int _close;
        private int _comma;
        private int _group;
        private int _route;
        private int _literal;

        public void Count(byte b)
        {
            switch (b)
            {
                case (byte)'@':
                    _at++;
                    if (_open == 0)
                    {
                        _atBeforeAngle++;
                    }

                    break;
                case (byte)'<':
                    _open++;
                    break;
                case (byte)'>':
                    _close++;
                    break;
                case (byte)',':
                    _comma++;
                    break;
                case (byte)':' or (byte)';' when _open > _close:
                    _route++;
                    break;
                case (byte)':' or (byte)';':
                    _group++;
                    break;
                case (byte)'[':
                    _literal++;
                    break;
            }
        }

        public string Explain(string field) =>
            _group > 0 ? $"the {field} header holds a group; it must hold exactly one address"
            : _comma > 0 || _open > 1 ? $"the {field} header must hold exactly one address"
            : _route > 0 ? $"a source route in the {field} address is not accepted"
            : _literal > 0 ? $"a domain literal cannot be the {field} domain"
            : _open > _close ? $"the {field} address has an angle bracket that is not closed"
            : _open != _close ? $"the {field} header has an unmatched angle bracket"
            : _open == 1 && _atBeforeAngle > 0 ? $"a {field} display name holding '@' must be a quoted string"
            : _at == 0 ? $"the {field} header holds no address"
            : $"the {field} header is not a valid RFC 5322 mailbox";
    }
}
