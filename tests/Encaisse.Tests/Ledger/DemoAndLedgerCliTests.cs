using System.Text.Json;
using Encaisse.Demo;
using Encaisse.Legal;
using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Ledger;

public sealed class DemoAndLedgerCliTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public void Demo_portfolio_is_deterministic_for_a_seed_and_covers_every_story()
    {
        var tenant = Guid.NewGuid();
        var first = DemoPortfolio.Generate(tenant, Today, new DemoOptions(150, Seed: 7)).ToList();
        var second = DemoPortfolio.Generate(tenant, Today, new DemoOptions(150, Seed: 7)).ToList();
        first.Select(c => (c.Customer.LegalName, c.Customer.Siren, c.Invoices.Count, c.Invoices.Sum(i => i.GrossMinor), c.Payments.Sum(p => p.AmountMinor)))
            .ShouldBe(second.Select(c => (c.Customer.LegalName, c.Customer.Siren, c.Invoices.Count, c.Invoices.Sum(i => i.GrossMinor), c.Payments.Sum(p => p.AmountMinor))));
        DemoPortfolio.Generate(tenant, Today, new DemoOptions(150, Seed: 8)).First().Customer.LegalName
            .ShouldNotBe(first[0].Customer.LegalName + first[1].Customer.LegalName);

        first.Where(c => c.Customer.Siren is not null).ShouldAllBe(c => FrenchIdentifiers.IsValidSiren(c.Customer.Siren) && FrenchIdentifiers.IsValidSiret(c.Customer.Siret));
        first.Where(c => c.Customer.VatNumber is not null).ShouldAllBe(c => FrenchIdentifiers.Check(c.Customer.VatNumber!).Valid);
        first.Count(c => c.Customer.Kind == CustomerKind.Consumer).ShouldBeGreaterThan(0);
        first.Count(c => c.Customer.InsolvencyOpenedOn is not null).ShouldBe(1);
        first.Sum(c => c.Disputes.Count).ShouldBeGreaterThan(0);
        first.Sum(c => c.Promises.Count).ShouldBeGreaterThan(0);
        first.SelectMany(c => c.Invoices).ShouldAllBe(i => i.IssueDate <= Today && i.IssueDate >= Today.AddMonths(-24));
        // Partial payments exist: an invoice settled by two payments.
        first.SelectMany(c => c.Allocations.Where(a => a.PaymentId != null).GroupBy(a => a.InvoiceId)).Any(g => g.Count() > 1).ShouldBeTrue();
        // Every allocation respects both sides.
        foreach (var c in first)
        {
            foreach (var invoice in c.Invoices.Where(i => i.Kind == DocumentKind.Invoice))
            {
                c.Allocations.Where(a => a.InvoiceId == invoice.Id).Sum(a => a.AmountMinor).ShouldBeLessThanOrEqualTo(invoice.GrossMinor);
            }
        }

        // Good payers have little overdue; chronic ones a lot.
        long Overdue(PayerProfile p) => first.Where(c => c.Profile == p).SelectMany(c => c.Invoices.Where(i => i.DueDate < Today && i.Kind == DocumentKind.Invoice)
            .Select(i => i.GrossMinor - c.Allocations.Where(a => a.InvoiceId == i.Id).Sum(a => a.AmountMinor))).Sum()
            / Math.Max(1, first.Count(c => c.Profile == p));
        Overdue(PayerProfile.Chronic).ShouldBeGreaterThan(Overdue(PayerProfile.Good) * 5);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cli_generates_demo_and_reads_the_ledger(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var db = CliProcess.DbArgument(database);
        var generated = await CliProcess.RunAsync("demo", "generate", "--customers", "30", "--seed", "3", "--db", db, "--json");
        generated.ExitCode.ShouldBe(0, generated.Stderr);
        var counts = JsonDocument.Parse(generated.Stdout).RootElement;
        counts.GetProperty("customers").GetInt32().ShouldBe(30);
        var invoices = counts.GetProperty("invoices").GetInt32();
        invoices.ShouldBeGreaterThan(300);

        var again = await CliProcess.RunAsync("demo", "generate", "--db", db);
        again.ExitCode.ShouldBe(2);
        again.Stderr.ShouldContain("already exists");

        var open = await CliProcess.RunAsync("ledger", "open-items", "--as-of", "2026-11-22", "--db", db, "--json");
        open.ExitCode.ShouldBe(0, open.Stderr);
        var openJson = JsonDocument.Parse(open.Stdout).RootElement;
        var items = openJson.GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBe(openJson.GetProperty("count").GetInt32());
        var firstRef = items.First(i => i.GetProperty("kind").GetString() == "invoice").GetProperty("customerRef").GetString()!;

        var customer = await CliProcess.RunAsync("ledger", "customer", firstRef, "--as-of", "2026-11-22", "--db", db, "--json");
        customer.ExitCode.ShouldBe(0, customer.Stderr);
        var c = JsonDocument.Parse(customer.Stdout).RootElement;
        c.GetProperty("customer").GetProperty("ref").GetString().ShouldBe(firstRef);
        var openSum = c.GetProperty("openItems").EnumerateArray().Where(i => i.GetProperty("open").GetDecimal() > 0).Sum(i => i.GetProperty("open").GetDecimal());
        c.GetProperty("customer").GetProperty("balances")[0].GetProperty("open").GetDecimal().ShouldBe(openSum);

        var missing = await CliProcess.RunAsync("ledger", "customer", "NOPE", "--db", db);
        missing.ExitCode.ShouldBe(2);
        missing.Stderr.ShouldContain("No customer 'NOPE'");
        var badDate = await CliProcess.RunAsync("ledger", "open-items", "--as-of", "22/11/2026", "--db", db);
        badDate.ExitCode.ShouldBe(2);
        badDate.Stderr.ShouldContain("yyyy-mm-dd");
        var badVerb = await CliProcess.RunAsync("ledger", "frobnicate");
        badVerb.ExitCode.ShouldBe(2);
    }
}
