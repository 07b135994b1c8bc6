using System.Text.Json;
using Encaisse.Dunning;
using Encaisse.Tests.Dunning.Collections;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using UglyToad.PdfPig;

namespace Encaisse.Tests.Risk;

/// <summary>The <c>insurance</c> verbs through the real entry point (real clock: every seeded invoice of March 2026 is overdue).</summary>
[Collection(nameof(Encaisse.Tests.Dunning.Collections.ConsoleCollection))]
public sealed class InsuranceCliTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Policy_limit_and_claim_file_from_the_command_line(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        Task<(int Code, string Out, string Err)> Run(params string[] args) =>
            ConsoleCapture.RunCliAsync([.. args, "--db", database.Target.ConnectionString, "--tenant", "acme"]);

        var (code, _, err) = await Run("insurance", "claim", "--customer", "411DUPONT");
        code.ShouldBe(2, err);
        err.ShouldContain("No credit-insurance policy");
        (code, _, err) = await Run("insurance", "policy", "set", "--insurer", "Allianz Trade", "--declaration-days", "60", "--max-credit-days", "90", "--indemnity", "0");
        code.ShouldBe(2, err);
        err.ShouldContain("indemnity");
        (code, var output, err) = await Run("insurance", "policy", "set", "--insurer", "Allianz Trade", "--declaration-days", "60", "--max-credit-days", "90",
            "--indemnity", "90", "--discretionary-limit", "1000", "--json");
        code.ShouldBe(0, err);
        using (var json = JsonDocument.Parse(output))
        {
            json.RootElement.GetProperty("discretionaryLimit").GetDecimal().ShouldBe(1000m);
        }

        (code, output, _) = await Run("insurance", "policy", "show");
        code.ShouldBe(0);
        output.ShouldContain("declare within 60 days of the due date, credit up to 90 days, indemnity 90%, discretionary limit 1000.00 EUR");

        (code, output, err) = await Run("insurance", "limit", "411DUPONT", "--decision", "granted", "--amount", "3000", "--on", "2026-01-01", "--reference", "ALZ-1");
        code.ShouldBe(0, err);
        output.ShouldContain("granted\t3000.00 EUR\tAllianz Trade\tALZ-1\tin force");
        (code, _, err) = await Run("insurance", "limit", "411DUPONT", "--decision", "perhaps");
        code.ShouldBe(2);
        err.ShouldContain("--decision");

        var file = Path.Combine(Path.GetTempPath(), $"sinistre-{Guid.NewGuid():N}.pdf");
        try
        {
            (code, output, err) = await Run("insurance", "claim", "--customer", "411DUPONT", "--output", file, "--json");
            code.ShouldBe(0, err);
            using (var json = JsonDocument.Parse(output))
            {
                var claim = json.RootElement.GetProperty("claim");
                claim.GetProperty("invoices").EnumerateArray().Select(i => i.GetProperty("invoice").GetString()).ShouldBe(["FA-2025-0950", "FA-2026-0101", "FA-2026-0142"]);
                claim.GetProperty("totalOpen").GetDecimal().ShouldBe(4_094.96m);
                claim.GetProperty("leftDunning").GetBoolean().ShouldBeTrue();
            }

            using var pdf = PdfDocument.Open(file);
            string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text)))).ShouldContain("Déclaration de menace de sinistre — Dupont Matériaux SARL");
        }
        finally
        {
            File.Delete(file);
        }

        await using (var db = database.For(tenant))
        {
            (await db.Set<CustomerDocument>().CountAsync(d => d.Kind == CustomerDocumentKind.InsuranceClaim)).ShouldBe(1);
        }

        (code, _, err) = await Run("insurance", "claim", "--customer", "411DUPONT");
        code.ShouldBe(1);
        err.ShouldContain("no overdue invoice not yet declared");
    }
}
