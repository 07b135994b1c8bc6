using Encaisse.Web.Settings;

namespace Encaisse.Web.Pages.Settings;

public sealed class IndexModel : SettingsPageModel
{
    public void OnGet()
    {
    }
}
