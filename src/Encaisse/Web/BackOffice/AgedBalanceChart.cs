using System.Globalization;
using System.Net;
using System.Text;
using Encaisse.Reporting;

namespace Encaisse.Web.BackOffice;

/// <summary>The aged balance as an inline SVG bar chart, drawn on the server (no script, readable by screen readers).</summary>
public static class AgedBalanceChart
{
    private static readonly string[] Colours = ["#4f9d7e", "#f2c14e", "#f08a4b", "#e05d44", "#a4262c"];

    public static string Render(AgedBalanceSummary aged, Ui ui)
    {
        ArgumentNullException.ThrowIfNull(aged);
        ArgumentNullException.ThrowIfNull(ui);
        const int width = 640, height = 260, left = 16, right = 16, top = 28, bottom = 44;
        var buckets = Buckets(aged);
        var max = Math.Max(1, buckets.Max(b => b.Minor));
        var slot = (width - left - right) / (double)buckets.Count;
        var barWidth = slot * 0.62;
        var plot = height - top - bottom;
        var svg = new StringBuilder();
        var title = WebUtility.HtmlEncode(ui.T("dash.aged"));
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"aged-title aged-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<title id=\"aged-title\">").Append(title).Append("</title><desc id=\"aged-desc\">");
        svg.Append(WebUtility.HtmlEncode(string.Join(" ; ", buckets.Select(b => ui.T(b.Key) + " : " + ui.Money(b.Minor)))));
        svg.Append("</desc>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + plot}\" x2=\"{width - right}\" y2=\"{top + plot}\" stroke=\"#c5ccd6\"/>");
        for (var k = 0; k < buckets.Count; k++)
        {
            var (key, minor) = buckets[k];
            var h = minor <= 0 ? 0 : Math.Max(2, plot * (double)minor / max);
            var x = left + (k * slot) + ((slot - barWidth) / 2);
            var y = top + plot - h;
            var cx = left + (k * slot) + (slot / 2);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{barWidth:0.#}\" height=\"{h:0.#}\" rx=\"3\" fill=\"{Colours[k]}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"bar-label\" x=\"{cx:0.#}\" y=\"{y - 8:0.#}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(Short(minor, ui))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{cx:0.#}\" y=\"{top + plot + 22}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(ui.T(key))}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>(text key, amount) of each bucket, oldest last.</summary>
    public static IReadOnlyList<(string Key, long Minor)> Buckets(AgedBalanceSummary aged)
    {
        ArgumentNullException.ThrowIfNull(aged);
        return aged.Buckets.Select((label, k) => (DashboardFigures.BucketKey(label), aged.Totals.BucketsMinor[k])).ToList();
    }

    /// <summary>Compact amount for a bar label: 12,3 k€ / 1,2 M€ (full amounts are in the description and the table).</summary>
    private static string Short(long minor, Ui ui)
    {
        var euros = minor / 100m;
        var (value, unit) = euros >= 1_000_000m ? (euros / 1_000_000m, " M€") : euros >= 1_000m ? (euros / 1_000m, " k€") : (euros, " €");
        return value.ToString(euros >= 1_000m ? "0.0" : "0", ui.Culture) + unit;
    }
}
