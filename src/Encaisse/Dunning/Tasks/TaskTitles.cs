using Encaisse.Ledger;
using Encaisse.Localization;

namespace Encaisse.Dunning.Tasks;

/// <summary>A title Encaisse writes for a task: in French for the table, the CLI and the API, and as a catalogue message for the pages.</summary>
public sealed record TaskTitle(string French, string Stored);

/// <summary>
/// The titles of the tasks Encaisse creates (a call to return, a bounced address, an interrupted send, a prescription, a
/// proof of claim...), from the catalogue (<c>task.title.*</c>), so a page writes them in its reader's language; a title a
/// person typed, or a call step's subject from the tenant's template, is shown as written.
/// </summary>
public static class TaskTitles
{
    private const string Prefix = "task.title.";

    /// <summary>The title <c>task.title.{key}</c> with its arguments (see <see cref="TimelineText.Of"/> for their kinds).</summary>
    public static TaskTitle Of(string key, params (string Name, object? Value)[] args)
    {
        var text = TimelineText.Of(key, args);
        var stored = text.ToJsonString(Encaisse.Operations.JsonShape.Compact);
        return new TaskTitle(TimelineText.Message(stored, Prefix, Catalogue.French) ?? key, stored);
    }

    /// <summary>
    /// The title to show a reader of <paramref name="language"/>, and the language it is written in when that is not the
    /// reader's (a stored title, written in French or as typed: <c>fr</c>, for the page's <c>lang</c> attribute).
    /// </summary>
    public static (string Text, string? Language) Shown(string title, string? titleText, string language) =>
        TimelineText.Message(titleText, Prefix, language) is { } written ? (written, null) : (title, Catalogue.French);
}
