using System.Text.RegularExpressions;
using Encaisse.Demo;
using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Payments;
using Encaisse.Tests.Support;
using Encaisse.Web.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// The demo as <c>serve --demo</c> starts it (portfolio, then the demo's day: scores, reminders up to approvals, calls,
/// bank credits to review), then every back-office page walked by the demo credit manager in Chromium, in French and
/// in English: no sentence of the other language, no raw code (step:6, payment.matched, dunning.sent…).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class DemoLanguageWalkTests(Browser browser)
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_demo_day_fills_every_queue_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = FakeClock.At(Today);
        await DemoSetup.GenerateAsync(database.Factory, DemoSetup.TenantCode, new DemoOptions(Customers: 80), clock, null, default);
        var tenant = await DemoSetup.EnsureAsync(database.Factory, clock, default);

        var day = await DemoDay.RunOnceAsync(database.Factory, tenant, clock, default);
        day.ShouldNotBeNull();
        day.Scored.ShouldBe(80);
        day.AwaitingApproval.ShouldBeGreaterThan(0);
        day.CallsToday.ShouldBeGreaterThan(0);
        day.CreditsToReview.ShouldBeGreaterThan(0);
        day.Unidentified.ShouldBe(1);

        await using (var db = database.For(tenant))
        {
            (await db.Customers.CountAsync(c => c.RiskClass == null)).ShouldBe(0);
            (await db.Set<DunningAction>().CountAsync(a => a.Status == DunningActionStatus.AwaitingApproval)).ShouldBe(day.AwaitingApproval);
            (await db.Set<BankTransaction>().CountAsync(t => t.Status == BankTransactionStatus.Review)).ShouldBe(day.CreditsToReview);
            // E-mails of the demo never leave: kept in the outbox, and the row says so.
            var emails = await db.Set<DunningAction>().Where(a => a.Channel == DunningChannel.Email && a.Status == DunningActionStatus.Sent).Select(a => a.Outcome).ToListAsync();
            emails.ShouldNotBeEmpty();
            emails.ShouldAllBe(o => o != null && o.StartsWith(DemoMailbox.Outcome));
            // Calls are written for the staff, in French.
            (await db.Set<CollectionTask>().Where(t => t.Kind == CollectionTaskKind.Call).Select(t => t.Title).FirstAsync()).ShouldStartWith("Appeler ");
        }

        // Once: a second start leaves the day as it is.
        (await DemoDay.RunOnceAsync(database.Factory, tenant, clock, default)).ShouldBeNull();
    }

    [Fact]
    public async Task Every_page_reads_french_then_english_for_the_demo_credit_manager()
    {
        var clock = FakeClock.At(Today);
        await using var server = await TestServer.StartAsync("sqlite", clock);
        await DemoSetup.GenerateAsync(server.Database.Factory, DemoSetup.TenantCode, new DemoOptions(Customers: 60), clock, null, default);
        var tenant = await DemoSetup.EnsureAsync(server.Database.Factory, clock, default);
        (await DemoDay.RunOnceAsync(server.Database.Factory, tenant, clock, default)).ShouldNotBeNull();
        await DemoUsers.EnsureAsync(server.Database.Factory, tenant.Id, clock, default);

        Guid customer, invoice, credit, plan;
        await using (var db = server.Database.For(tenant))
        {
            // A customer whose timeline holds reminders, calls and a dispute or promise when there is one.
            customer = await db.Set<TimelineEvent>().GroupBy(e => e.CustomerId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
            invoice = await db.Invoices.Where(i => i.CustomerId == customer && i.DueDate < Today).OrderBy(i => i.DueDate).Select(i => i.Id).FirstAsync();
            credit = await db.Set<BankTransaction>().Where(t => t.Status == BankTransactionStatus.Review).Select(t => t.Id).FirstAsync();
            plan = await db.Set<DunningPlan>().Select(p => p.Id).FirstAsync();
        }

        string[] pages =
        [
            "/", "/customers", "/customers?overdue=true&sort=Overdue&desc=true", $"/customers/{customer}", $"/invoices/{invoice}",
            "/queues", "/queues/approvals", "/queues/calls", "/queues/failures", "/queues/bank", "/queues/bank?show=unmatched", $"/queues/bank/{credit}",
            "/settings/company", "/settings/channels", "/settings/plans", $"/settings/plans/{plan}", "/settings/templates", "/settings/templates/reminder/fr",
            "/settings/rates", "/settings/users", "/imports",
            "/payments", "/invoices", "/invoices?status=overdue", "/disputes?status=all", "/promises?status=all",
            "/factoring", "/queues/declarations", "/search", "/search?q=411", "/search?q=zzzqqq",
            "/reports",
            // Not walked before: the settings index and the settings pages added since, a new plan, the English template editor.
            "/settings", "/settings/insurance", "/settings/credit-policy", "/settings/apikeys", "/settings/plans/new", "/settings/templates/reminder/en",
        ];

        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login?lang=fr");
        await page.GetByLabel("Identifiant").FillAsync("credit");
        await page.GetByLabel("Mot de passe").FillAsync(DemoUsers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));

        var found = new List<string>();
        foreach (var (lang, foreign) in new[] { ("fr", EnglishWords()), ("en", FrenchWords()) })
        {
            foreach (var path in pages)
            {
                var response = await page.GotoAsync(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=" + lang);
                response!.Status.ShouldBe(200, path);
                var text = await page.EvaluateAsync<string>(ReadableText, lang);
                foreach (Match m in RawCode().Matches(text))
                {
                    found.Add($"{lang} {path}: raw code '{m.Value}' in «{Around(text, m)}»");
                }

                foreach (Match m in foreign.Matches(text))
                {
                    found.Add($"{lang} {path}: '{m.Value}' in «{Around(text, m)}»");
                }
            }
        }

        found.ShouldBeEmpty(string.Join("\n", found.Distinct().Take(60)));
    }

    private static string Around(string text, Match m) =>
        text.Substring(Math.Max(0, m.Index - 40), Math.Min(text.Length - Math.Max(0, m.Index - 40), m.Length + 80)).ReplaceLineEndings(" ");

    /// <summary>
    /// What a person reads on the page: the body's text without what is marked as another language (<c>lang</c>),
    /// as not to be translated (<c>translate="no"</c>: template keys), scripts, and — for now — the matcher's reasons
    /// in the bank queue (written by the matcher in English; being reworked apart).
    /// </summary>
    private const string ReadableText = """
        lang => {
          const body = document.body.cloneNode(true);
          body.querySelectorAll('script, style, template, [translate="no"], [data-testid="reasons"]').forEach(e => e.remove());
          body.querySelectorAll('[lang]').forEach(e => { if (e.getAttribute('lang') !== lang) e.remove(); });
          body.querySelectorAll('input[type=hidden]').forEach(e => e.remove());
          return body.innerText || body.textContent;
        }
        """;

    /// <summary>Message keys and outbox keys that reached a page instead of their text.</summary>
    [GeneratedRegex(@"\b(?:dunning|payment|portal|promise|dispute|call|plan|hold|statement|customer|timeline|error|invoice|task|queue|cust|inv|dash|legalNote|terms|word|kind|astatus|pstatus|dstatus|channel|tone|section|planning|claim|import|bank|page\.reports|page\.bulk|approval|bulk)\.[a-z][A-Za-z]+\b|\b(?:step|instalment):\d")]
    private static partial Regex RawCode();

    /// <summary>English words a French page never holds (names and addresses of the demo are French).</summary>
    private static Regex EnglishWords() => new(@"\b(?:the|and|with|phone|letter|missing|required|reminder|overdue|invoices?|unpaid|days late|not sent|failed|cannot|should|must|sent|approve|reject|customer|payment|step|none|waiting)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>French words an English page never holds outside names and addresses.</summary>
    private static Regex FrenchWords() => new(@"\b(?:relance|relances|envoyée|échue|échues|échéance|facture|factures|jours|aucun|aucune|enregistrer|rien|litige|appeler|impayée\(s\)|règlement|à valider)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
