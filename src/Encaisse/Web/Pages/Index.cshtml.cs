using Encaisse.Ledger;
using AgedBalanceSummary = Encaisse.Reporting.AgedBalanceSummary;
using CashForecastReport = Encaisse.Reporting.CashForecastReport;
using KpiReport = Encaisse.Reporting.KpiReport;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages;

public sealed class IndexModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock, Encaisse.Reporting.PortfolioFiguresCache figures,
    Encaisse.Risk.Insurance.KeptDeclarationDeadlines deadlines) : PageModel
{
    public DateOnly Today { get; private set; }
    public AgedBalanceSummary Aged { get; private set; } = null!;
    public int ApprovalsWaiting { get; private set; }
    public int FailedSends { get; private set; }
    /// <summary>Invoices to declare to the credit insurer, per stage (≤ 30, ≤ 15, ≤ 7 days, missed); empty without insurance.</summary>
    public IReadOnlyDictionary<Encaisse.Risk.DeadlineStage, int> Declarations { get; private set; } = new Dictionary<Encaisse.Risk.DeadlineStage, int>();
    /// <summary>Sold invoices the seller received money for, still to transfer to the factor (for those who see the factoring page).</summary>
    public int TransfersToMake { get; private set; }
    public IReadOnlyList<WorkItem> Tasks { get; private set; } = [];
    public IReadOnlyList<WorkItem> Promises { get; private set; } = [];
    public IReadOnlyList<WorkItem> Disputes { get; private set; } = [];
    public string TenantName => tenant.Required.Name;
    public string Currency => tenant.Required.Currency;
    /// <summary>KPIs in the tenant currency with a 12-month trend (null for an empty portfolio).</summary>
    public KpiReport? Kpis { get; private set; }
    public CashForecastReport? Forecast { get; private set; }
    /// <summary>When the portfolio figures (aged balance, KPIs, forecast) were computed: they are kept a minute or longer (ADR 1550, 1580).</summary>
    public DateTimeOffset ComputedAt { get; private set; }

    /// <summary>The tenant's time zone, in which <see cref="ComputedAt"/> is shown.</summary>
    public string TimeZone => tenant.Required.TimeZone;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var t = tenant.Required;
        Today = BusinessCalendar.Today(clock, t.TimeZone);
        var portfolio = await figures.GetAsync(db, t.Id, t.Currency, Today, ct);
        Aged = portfolio.Aged;
        Kpis = portfolio.Kpis;
        Forecast = portfolio.Forecast;
        ComputedAt = portfolio.ComputedAt;
        // One connection for the page's five small reads (ADR 1570, 1580, 1591), not one from the pool for each.
        await db.Database.OpenConnectionAsync(ct);
        var mine = User.IsInRole(nameof(UserRole.Collector)) ? UserClaims.LoginOf(User) : null;
        Tasks = await DashboardFigures.TasksDueAsync(db, Today, mine, ct);
        Promises = await DashboardFigures.PromisesDueAsync(db, Today, ct);
        Disputes = await DashboardFigures.DisputesWaitingAsync(db, ct);
        var counts = await DashboardFigures.WorkCountsAsync(db, ct);
        ApprovalsWaiting = counts.ApprovalsWaiting;
        FailedSends = counts.FailedSends;
        TransfersToMake = counts.Factoring && Encaisse.Web.Settings.SettingsAccess.CanView(User) ? (await Encaisse.Risk.Factoring.FactoringTransfers.DueAsync(db, ct)).Count : 0;
        Declarations = counts.Insurance
            ? (await deadlines.GetAsync(db, t, Today, ct)).Stages
            : new Dictionary<Encaisse.Risk.DeadlineStage, int>();
    }
}
