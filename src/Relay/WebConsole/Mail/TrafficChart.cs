using System.Globalization;
using System.Text;
using Relay.WebConsole.Pages;

namespace Relay.WebConsole.Mail;

/// <summary>
/// The traffic over a span as an inline SVG bar chart (four bars a bucket: accepted, delivered, deferred, bounced),
/// drawn on the server, followed by the same numbers as a table (folded in a <c>details</c>, which opens without JavaScript) for those who cannot see the chart.
/// </summary>
internal static class TrafficChart
{
    private const int Width = 720;
    private const int Height = 160;
    private const int Left = 40;
    private const int Bottom = 20;

    // Colours with at least 3:1 against white (WCAG non-text contrast), told apart by the legend and the table too.
    private static readonly (string Name, string Colour, Func<TrafficTotals, long> Value)[] Series =
    [
        ("Accepted", "#1f5fa8", totals => totals.Accepted),
        ("Delivered", "#2a7a2a", totals => totals.Delivered),
        ("Deferred", "#a35f00", totals => totals.Deferred),
        ("Bounced", "#b0002a", totals => totals.Bounced),
    ];

    public static string Render(string id, string title, IReadOnlyList<TrafficBucket> buckets, string timeFormat)
    {
        var largest = Math.Max(1, buckets.Max(bucket => bucket.Counts.Largest));
        var slot = (double)(Width - Left) / buckets.Count;
        var bar = Math.Max(1.0, (slot - 4) / Series.Length);
        var plot = Height - Bottom;
        var svg = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<figure>\n<svg role=\"img\" aria-labelledby=\"{id}-title\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" xmlns=\"http://www.w3.org/2000/svg\">\n")
            .Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{Html.Encode(title)}: bars per bucket, the numbers are in the table below</title>\n")
            .Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{plot}\" x2=\"{Width}\" y2=\"{plot}\" stroke=\"#555\"/>\n")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"12\" font-size=\"11\" fill=\"#1a1a1a\">{largest}</text><text x=\"0\" y=\"{plot}\" font-size=\"11\" fill=\"#1a1a1a\">0</text>\n");
        for (var index = 0; index < buckets.Count; index++)
        {
            var x = Left + (index * slot) + 2;
            for (var series = 0; series < Series.Length; series++)
            {
                var value = Series[series].Value(buckets[index].Counts);
                var height = value == 0 ? 0 : Math.Max(1, (double)value / largest * (plot - 4));
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{x + (series * bar):0.#}\" y=\"{plot - height:0.#}\" width=\"{bar:0.#}\" height=\"{height:0.#}\" fill=\"{Series[series].Colour}\"/>");
            }

            if (index % Math.Max(1, buckets.Count / 6) == 0)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"\n<text x=\"{x:0.#}\" y=\"{Height - 4}\" font-size=\"11\" fill=\"#1a1a1a\">{buckets[index].Start.ToString(timeFormat, CultureInfo.InvariantCulture)}</text>\n");
            }
        }

        svg.Append("</svg>\n<figcaption>").Append(Html.Encode(title)).Append(" (UTC). ");
        foreach (var (name, colour, _) in Series)
        {
            // A presentation attribute, not a style: the content security policy allows no inline styles.
            svg.Append(CultureInfo.InvariantCulture, $"<svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" fill=\"{colour}\"/></svg> {name} ");
        }

        svg.Append("</figcaption>\n</figure>\n")
            .Append("<details>\n<summary>").Append(Html.Encode(title)).Append(", as numbers</summary>\n")
            .Append("<table>\n<caption>").Append(Html.Encode(title)).Append(", as numbers</caption>\n<thead><tr><th scope=\"col\">From (UTC)</th>")
            .Append(string.Concat(Series.Select(series => $"<th scope=\"col\">{series.Name}</th>"))).Append("</tr></thead>\n<tbody>\n");
        foreach (var bucket in buckets)
        {
            svg.Append("<tr><th scope=\"row\">").Append(MailPageParts.Time(bucket.Start)).Append("</th>")
                .Append(string.Concat(Series.Select(series => string.Create(CultureInfo.InvariantCulture, $"<td>{series.Value(bucket.Counts)}</td>"))))
                .Append("</tr>\n");
        }

        return svg.Append("</tbody>\n</table>\n</details>\n").ToString();
    }
}
