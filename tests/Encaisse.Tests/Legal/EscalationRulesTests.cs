using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Legal.Documents;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using static Encaisse.Tests.Legal.LegalSamples;

namespace Encaisse.Tests.Legal;

/// <summary>Proof-of-claim deadline both ways (R622-24), court of the injonction de payer, prescription alerts as tasks.</summary>
[Collection("Console")]
public sealed class EscalationRulesTests
{
    // creditor (country, postal code), debtor = court (country, postal code) → months. Published 14 Mar 2025.
    [Theory]
    [InlineData("FR", "75002", "FR", "69001", "2025-05-14")]  // both in metropolitan France: 2 months
    [InlineData("FR", "97200", "FR", "69001", "2025-07-15")]  // creditor in Martinique, court in Lyon: 4 months (14 Jul holiday)
    [InlineData("FR", "75002", "FR", "97400", "2025-07-15")]  // court in La Réunion, creditor in Paris: 4 months (symmetric rule)
    [InlineData("FR", "97400", "FR", "97410", "2025-05-14")]  // same overseas department: 2 months
    [InlineData("FR", "97100", "FR", "97200", "2025-07-15")]  // Guadeloupe creditor, Martinique court: 4 months
    [InlineData("BE", "1000", "FR", "69001", "2025-07-15")]   // creditor abroad: 4 months
    [InlineData("FR", "20000", "FR", "69001", "2025-05-14")]  // Corsica is metropolitan France
    public void Proof_of_claim_deadline_follows_where_the_court_sits(string cc, string cpc, string dc, string dpc, string deadline) =>
        ProofOfClaim.Deadline(D("2025-03-14"), cc, cpc, dc, dpc).ShouldBe(D(deadline));

    [Fact]
    public void The_declaration_states_four_months_for_an_overseas_debtor()
    {
        var legal = Case();
        legal.Customer.BillingAddress.PostalCode = "97400";
        legal.Customer.BillingAddress.City = "Saint-Denis";
        var (letter, deadline, _) = ProofOfClaimDocument.Build(legal,
            new ProofOfClaimFacts(D("2025-07-01"), D("2025-07-10"), "Me Martin", ["1 rue de Paris", "97400 Saint-Denis"]), D("2025-07-15"));
        deadline.ShouldBe(D("2025-11-10"));
        var text = Text(Encaisse.Documents.LetterPdf.Render(letter));
        text.ShouldContain("10/11/2025 (4 mois");
    }

    // debtor city as written → court type.
    [Theory]
    [InlineData("PARIS 08", "tribunal-des-activites-economiques")]
    [InlineData("Lyon 3e arrondissement", "tribunal-des-activites-economiques")]
    [InlineData("MARSEILLE CEDEX 02", "tribunal-des-activites-economiques")]
    [InlineData("St Brieuc", "tribunal-des-activites-economiques")]
    [InlineData("le havre", "tribunal-des-activites-economiques")]
    [InlineData("Saint-Étienne", "tribunal-de-commerce")]
    [InlineData("Lyons-la-Forêt", "tribunal-de-commerce")]
    [InlineData("", "tribunal-de-commerce")]
    public void The_court_is_found_from_the_debtor_city_as_the_post_writes_it(string city, string type) =>
        PaymentOrderFile.CourtFor(businessDebtor: true, city).Type.ShouldBe(type);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Prescription_alerts_open_one_task_per_invoice_and_expiry(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        Guid customerId;
        await using (var db = database.For(tenant))
        {
            var customer = Customer(tenant);
            customer.Collector = "marie";
            customerId = customer.Id;
            // Due 1 Mar 2021: expires 1 Mar 2026, alert from 1 Dec 2025. The second one is far from expiry.
            db.AddRange(customer, Invoice(customer, "FA-2021-001", "2021-01-30", "2021-03-01", 900m), Invoice(customer, "FA-2025-300", "2025-09-01", "2025-10-01", 100m));
            await db.SaveChangesAsync();
        }

        var arg = database.Target.Provider == Encaisse.Storage.DatabaseProvider.Sqlite
            ? "sqlite:" + database.Target.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal)
            : database.Target.ConnectionString;
        var (exit, _, stderr) = await LegalCli.RunAsync("legal", "prescription", "--as-of", "2025-11-30", "--tasks", "--db", arg, "--tenant", tenant.Code);
        exit.ShouldBe(0);
        stderr.ShouldContain("0 collection task(s)");

        for (var run = 0; run < 2; run++)
        {
            (exit, _, stderr) = await LegalCli.RunAsync("legal", "prescription", "--as-of", "2026-01-15", "--tasks", "--db", arg, "--tenant", tenant.Code);
            exit.ShouldBe(0);
            stderr.ShouldContain(run == 0 ? "1 collection task(s)" : "0 collection task(s)");
        }

        await using (var db = database.For(tenant))
        {
            var task = await db.Set<CollectionTask>().SingleAsync();
            (task.CustomerId, task.Kind, task.AssignedTo, task.DueOn).ShouldBe((customerId, CollectionTaskKind.Review, "marie", D("2026-01-15")));
            task.Title.ShouldContain("FA-2021-001");
            task.Title.ShouldContain("01/03/2026");
        }
    }
}
