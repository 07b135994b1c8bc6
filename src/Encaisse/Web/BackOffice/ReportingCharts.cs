using System.Globalization;
using System.Net;
using System.Text;
using Encaisse.Reporting;

namespace Encaisse.Web.BackOffice;

/// <summary>Server-drawn SVG for the dashboard's reporting panels: the DSO trend line and the 13-week cash forecast.</summary>
public static class ReportingCharts
{
    private const int Width = 640;
    private const int Height = 200;
    private const int Left = 16;
    private const int Right = 16;
    private const int Top = 20;
    private const int Bottom = 36;

    /// <summary>Countback DSO month by month (the line) with the best possible DSO (dashed) below it.</summary>
    public static string DsoTrend(IReadOnlyList<KpiSet> trend, Ui ui)
    {
        if (trend.Count < 2)
        {
            return "";
        }

        var max = (double)Math.Max(1m, trend.Max(t => Math.Max(t.DsoCountback, t.BestPossibleDso)));
        var plot = Height - Top - Bottom;
        var step = (Width - Left - Right) / (double)(trend.Count - 1);
        string Points(Func<KpiSet, decimal> value) => string.Join(' ', trend.Select((t, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{Left + (i * step):0.#},{Top + plot - (plot * (double)value(t) / max):0.#}")));
        var svg = Open("dso", ui.T("dash.dsoTrend"),
            string.Join(" ; ", trend.Select(t => ui.Date(t.AsOf) + " : " + t.DsoCountback.ToString("0.#", CultureInfo.InvariantCulture))));
        svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#2f5d8a\" stroke-width=\"2.5\" points=\"{Points(t => t.DsoCountback)}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#4f9d7e\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\" points=\"{Points(t => t.BestPossibleDso)}\"/>");
        var last = trend[^1];
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"bar-label\" x=\"{Width - Right}\" y=\"{Top - 6}\" text-anchor=\"end\">DSO {last.DsoCountback:0.#} j</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 10}\">{WebUtility.HtmlEncode(ui.Date(trend[0].AsOf))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - 10}\" text-anchor=\"end\">{WebUtility.HtmlEncode(ui.Date(last.AsOf))}</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Expected cash-in per week for the weeks ahead.</summary>
    public static string Forecast(CashForecastReport forecast, Ui ui)
    {
        var weeks = forecast.Weeks;
        if (weeks.Count == 0)
        {
            return "";
        }

        var max = Math.Max(1, weeks.Max(w => w.ExpectedMinor));
        var plot = Height - Top - Bottom;
        var slot = (Width - Left - Right) / (double)weeks.Count;
        var svg = Open("forecast", ui.T("dash.forecast"),
            string.Join(" ; ", weeks.Select(w => ui.Date(w.Start) + " : " + ui.Money(w.ExpectedMinor, forecast.Currency))));
        for (var k = 0; k < weeks.Count; k++)
        {
            var h = weeks[k].ExpectedMinor <= 0 ? 0 : Math.Max(2, plot * (double)weeks[k].ExpectedMinor / max);
            var x = Left + (k * slot) + (slot * 0.15);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{Top + plot - h:0.#}\" width=\"{slot * 0.7:0.#}\" height=\"{h:0.#}\" rx=\"2\" fill=\"#2f5d8a\"/>");
            if (k % 3 == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (k * slot) + (slot / 2):0.#}\" y=\"{Height - 10}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(weeks[k].Start.ToString("dd/MM", CultureInfo.InvariantCulture))}</text>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string id, string title, string description)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{WebUtility.HtmlEncode(title)}</title><desc id=\"{id}-desc\">{WebUtility.HtmlEncode(description)}</desc>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#c5ccd6\"/>");
        return svg;
    }
}
