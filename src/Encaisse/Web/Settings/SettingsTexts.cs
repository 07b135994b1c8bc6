using Encaisse.Web.BackOffice;

namespace Encaisse.Web.Settings;

/// <summary>The settings pages' texts: catalogue keys <c>settings.*</c> (<c>fr.json</c> / <c>en.json</c>).</summary>
public static class SettingsTexts
{
    /// <summary>A settings text (<c>settings.{key}</c>) in the request's language.</summary>
    public static string S(this Ui ui, string key) => ui.T("settings." + key);
}
