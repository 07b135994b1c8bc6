using Encaisse.Dunning;
using Encaisse.Dunning.Plans;
using Encaisse.Dunning.Running;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Settings;
using MailKit;
using Microsoft.AspNetCore.Mvc;
using MimeKit;

namespace Encaisse.Web.Pages.Settings;

/// <summary>
/// SMTP, SMS and the daily run through the one settings operation (<see cref="DunningSettingsEditor.SaveAsync"/>), shared with
/// <c>encaisse dunning settings</c> and the API.
/// Secrets are write-only: the page says whether one is set, never shows it.
/// </summary>
public sealed class ChannelsModel(EncaisseDb db, RequestTenant requestTenant, TimeProvider clock, DunningChannels channels, BackOffice.Ui ui,
    SmtpTestPolicy testPolicy) : SettingsPageModel
{
    [BindProperty] public ChannelsForm Form { get; set; } = new();
    public bool PasswordSet { get; private set; }
    public bool TokenSet { get; private set; }
    public IReadOnlyList<SettingsProblem> Problems { get; private set; } = [];
    [TempData] public string? TestResult { get; set; }
    [TempData] public bool TestFailed { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var s = await DunningSetup.EnsureAsync(db, clock, ct);
        Form = ChannelsForm.Of(s);
        PasswordSet = !string.IsNullOrEmpty(s.SmtpPassword);
        TokenSet = !string.IsNullOrEmpty(s.SmsToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var saved = await DunningSettingsEditor.SaveAsync(db, clock, Form.ToChange(), ct);
        if (!saved.IsOk)
        {
            // Nothing was applied: the stored settings say which secrets are set.
            var s = await DunningSetup.EnsureAsync(db, clock, ct);
            PasswordSet = !string.IsNullOrEmpty(s.SmtpPassword);
            TokenSet = !string.IsNullOrEmpty(s.SmsToken);
            // The operation's data gives each refused field's reason code, written here in the reader's language.
            Problems = saved.Error!.Data.Values.OfType<string>().Select(code => new SettingsProblem(code)).ToList();
            return Page();
        }

        Notice = "saved";
        return RedirectToPage();
    }

    /// <summary>Sends a short message through the stored SMTP settings to the address typed, and shows the server's answer.</summary>
    public async Task<IActionResult> OnPostTestAsync(string? testTo, CancellationToken ct)
    {
        var s = await DunningSetup.EnsureAsync(db, clock, ct);
        if (string.IsNullOrWhiteSpace(testTo) || !System.Net.Mail.MailAddress.TryCreate(testTo.Trim(), out _))
        {
            TestFailed = true;
            TestResult = ui.S("channels.testBadAddress");
            return RedirectToPage();
        }

        var tenant = requestTenant.Required;
        // Not a port scanner (issue 16): SMTP ports only, a few tests per window, a short time limit, one generic failure.
        if (!testPolicy.PortAllowed(s.SmtpPort))
        {
            TestFailed = true;
            TestResult = ui.S("channels.testPort") + " " + string.Join(", ", testPolicy.Ports.Order());
            return RedirectToPage();
        }

        if (!testPolicy.TryTake(tenant.Id))
        {
            TestFailed = true;
            TestResult = ui.S("channels.testTooMany");
            return RedirectToPage();
        }

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(s.FromName ?? tenant.Name, s.FromAddress ?? "noreply@localhost"));
        message.To.Add(MailboxAddress.Parse(testTo.Trim()));
        message.Subject = ui.S("channels.testSubject") + " — " + tenant.Name;
        message.Headers.Add("X-Encaisse-Test", "settings");
        message.Body = new BodyBuilder { HtmlBody = "<p>" + System.Net.WebUtility.HtmlEncode(ui.S("channels.testBody")) + "</p>" }.ToMessageBody();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(testPolicy.Timeout);
        try
        {
            TestResult = await channels.Email.SendAsync(s, message, limit.Token);
            TestFailed = false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            TestFailed = true;
            TestResult = ui.S("channels.testCouldNotConnect");
        }
        catch (Exception e) when (e is Dunning.Channels.ChannelNotConfiguredException or CommandException or ProtocolException or IOException
                                      or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException
                                      or MailKit.Security.AuthenticationException or InvalidOperationException or TimeoutException
                                      or Dunning.Channels.SecretUnreadableException)
        {
            // Never the socket's or the server's own words: they would tell what listens on that host and port.
            TestFailed = true;
            TestResult = e is Dunning.Channels.ChannelNotConfiguredException or Dunning.Channels.SecretUnreadableException
                ? e.Message : ui.S("channels.testCouldNotConnect");
        }

        return RedirectToPage();
    }

    /// <summary>The catalogue key of the reason <paramref name="field"/> (smtp-port...) was refused for, or null.</summary>
    public string? ProblemOf(string field) => Problems.FirstOrDefault(p => p.Field == field)?.TextKey;
}

/// <summary>The channels form as posted. Empty texts clear a value; empty secrets keep the stored one unless "clear" is ticked.</summary>
public sealed class ChannelsForm
{
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public SmtpSecurity SmtpSecurity { get; set; } = SmtpSecurity.StartTls;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
    public bool ClearPassword { get; set; }
    public string? FromAddress { get; set; }
    public string? FromName { get; set; }
    public string? SmsUrl { get; set; }
    public string? SmsToken { get; set; }
    public bool ClearToken { get; set; }
    public string? SmsSender { get; set; }
    public int RunHour { get; set; } = 8;
    public int PromiseGraceDays { get; set; } = 3;
    public bool ThankYouMessages { get; set; }
    public string? PortalBaseUrl { get; set; }

    /// <summary>The form as the settings operation's change: every shown value is given (an empty text clears it).</summary>
    public DunningSettingsChange ToChange() => new()
    {
        SmtpHost = SmtpHost ?? "", SmtpPort = SmtpPort, SmtpSecurity = SmtpSecurity.ToString(), SmtpUser = SmtpUser ?? "",
        SmtpPassword = ClearPassword ? "" : string.IsNullOrEmpty(SmtpPassword) ? null : SmtpPassword,
        From = FromAddress ?? "", FromName = FromName ?? "", SmsUrl = SmsUrl ?? "",
        SmsToken = ClearToken ? "" : string.IsNullOrEmpty(SmsToken) ? null : SmsToken,
        SmsSender = SmsSender ?? "", RunHour = RunHour, PromiseGraceDays = PromiseGraceDays, ThankYou = ThankYouMessages,
        PortalUrl = PortalBaseUrl ?? "",
    };

    public static ChannelsForm Of(DunningSettings s) => new()
    {
        SmtpHost = s.SmtpHost, SmtpPort = s.SmtpPort, SmtpSecurity = s.SmtpSecurity, SmtpUser = s.SmtpUser, FromAddress = s.FromAddress,
        FromName = s.FromName, SmsUrl = s.SmsUrl, SmsSender = s.SmsSender, RunHour = s.RunHour, PromiseGraceDays = s.PromiseGraceDays,
        ThankYouMessages = s.ThankYouMessages, PortalBaseUrl = s.PortalBaseUrl,
    };
}
