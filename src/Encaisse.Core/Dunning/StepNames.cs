using System.Globalization;
using Encaisse.Localization;

namespace Encaisse.Dunning;

/// <summary>
/// A reminder's step as people read it, from the outbox key the engine stores (<c>step:N</c>, <c>instalment:PLAN:SEQ</c>,
/// <c>thanks</c>): "n° 2", "d'échéance n° 3", "de remerciement" in French; "no. 2", "instalment no. 3", "thank-you" in
/// English (catalogue <c>dunning.stepName.*</c>). Any other text is returned as it is.
/// </summary>
public static class StepNames
{
    public static string Of(string? language, string? stepKey)
    {
        if (string.IsNullOrEmpty(stepKey))
        {
            return "";
        }

        var parts = stepKey.Split(':');
        return parts switch
        {
            ["step", var n] when int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var number) =>
                Catalogue.Text(language, "dunning.stepName.step", ("n", number)),
            ["instalment", _, var seq] when int.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) =>
                Catalogue.Text(language, "dunning.stepName.instalment", ("n", sequence)),
            ["thanks"] => Catalogue.Text(language, "dunning.stepName.thanks"),
            _ => stepKey,
        };
    }

    /// <summary>True for the keys <see cref="Of"/> names (so a free text that merely contains a colon is left alone).</summary>
    public static bool IsKey(string? text) =>
        text is not null && (text == "thanks" || text.StartsWith("step:", StringComparison.Ordinal) || text.StartsWith("instalment:", StringComparison.Ordinal));
}
