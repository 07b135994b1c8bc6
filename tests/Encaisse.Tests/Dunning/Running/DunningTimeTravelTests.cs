using Encaisse.Dunning;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Dunning.Running;

/// <summary>The real runner every day for 120 days, moving a fake clock: what leaves, on which day, exactly once.</summary>
public class DunningTimeTravelTests
{
    private static readonly DateOnly Start = new(2026, 3, 1);
    private static readonly DateOnly Due = new(2026, 3, 16);

    [Fact]
    public async Task Pays_after_the_first_reminder_then_a_new_invoice_starts_a_new_cycle()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411STORY");
        var f1 = await DunningTestData.AddInvoiceAsync(database, tenant, customer, "FA-1", Due, 1200m);
        await DunningTestData.SettingsAsync(database, tenant, s => s.ThankYouMessages = true);
        var clock = FakeClock.At(Start);
        var email = new RecordingEmailSender();
        var runner = new DunningRunner(database.Factory, clock, new DunningChannels { Email = email });
        var log = new List<string>();

        for (var day = 0; day < 120; day++)
        {
            var today = Start.AddDays(day);
            clock.SetDate(today);
            if (today == new DateOnly(2026, 3, 21))
            {
                await DunningTestData.PayAsync(database, tenant, f1, today);
            }

            if (today == new DateOnly(2026, 4, 20))
            {
                await DunningTestData.AddInvoiceAsync(database, tenant, customer, "FA-2", new DateOnly(2026, 5, 10), 300m);
            }

            var before = email.Sent.Count;
            await runner.RunAsync(tenant, new DunningRunOptions(), default);
            log.AddRange(email.Sent.Skip(before).Select(m => $"{today:yyyy-MM-dd} {m.Subject}"));
        }

        log.ShouldBe([
            "2026-03-11 Rappel : échéance prochaine de vos factures — ACME Industrie SAS",
            "2026-03-19 Relance : factures échues — ACME Industrie SAS",
            "2026-03-21 Merci pour votre règlement — ACME Industrie SAS",
            "2026-05-05 Rappel : échéance prochaine de vos factures — ACME Industrie SAS",
            "2026-05-13 Relance : factures échues — ACME Industrie SAS",
            "2026-05-20 Deuxième relance : règlement attendu — ACME Industrie SAS",
        ]);
        var actions = await DunningTestData.ActionsAsync(database, tenant);
        actions.Where(a => a.Cycle == 2).Select(a => a.StepKey).ShouldBe(["step:1", "step:2", "step:3", "step:4", "step:5"]); // the +45 hand-off waits for the decision on the formal notice
        actions.Single(a => a.StepKey == "step:5" && a.Cycle == 2).Status.ShouldBe(DunningActionStatus.AwaitingApproval);
    }
}
