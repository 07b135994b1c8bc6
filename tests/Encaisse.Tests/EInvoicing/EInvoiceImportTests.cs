using Encaisse.EInvoicing;
using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.EInvoicing;

/// <summary>E-invoices become ledger documents through the one import path, on both providers.</summary>
public sealed class EInvoiceImportTests
{
    private static (string, byte[]) Fixture(string relative) =>
        (Path.GetFileName(relative), File.ReadAllBytes(Path.Combine(EInvoiceCorpusTests.Root, relative)));

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_factur_x_becomes_an_invoice_of_the_customer_with_its_siren_once(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var tenant = await test.AddTenantAsync();
        await using (var db = test.For(tenant))
        {
            db.Customers.Add(new Customer { TenantId = tenant.Id, ExternalRef = "C-CLIENT", LegalName = "Le Client SA", Siren = "987654321" });
            await db.SaveChangesAsync();
        }

        var clock = new FakeClock(new DateTimeOffset(2026, 2, 2, 9, 0, 0, TimeSpan.Zero));
        var report = await EInvoiceImport.RunAsync(test.Factory, tenant, [Fixture("pdf/akretion-factur-x/invoice_EN16931.pdf")], "test", clock, default);

        report.Imported.ShouldBe(1);
        var item = report.Items.Single();
        item.CustomerRef.ShouldBe("C-CLIENT");
        item.CustomerCreated.ShouldBeFalse();
        // The notes PMD, PMT and AAB carry the penalty rate, the €40 indemnity and the discount conditions.
        item.MissingMentions.ShouldNotContain("late-penalty-rate");
        item.MissingMentions.ShouldNotContain("recovery-indemnity");
        item.MissingMentions.ShouldNotContain("early-payment-discount");
        item.NotVerifiableMentions.ShouldNotContain("lines");

        await using (var db = test.For(tenant))
        {
            var invoice = await db.Invoices.SingleAsync(i => i.Number == "F20260023");
            invoice.GrossMinor.ShouldBe(10490);
            invoice.TaxMinor.ShouldBe(490);
            invoice.Kind.ShouldBe(DocumentKind.Invoice);
            invoice.Source.ShouldBe("einvoice");
            var customer = await db.Customers.SingleAsync(c => c.Id == invoice.CustomerId);
            customer.ExternalRef.ShouldBe("C-CLIENT");
            var kept = await db.Set<EInvoice>().SingleAsync();
            kept.InvoiceId.ShouldBe(invoice.Id);
            kept.Profile.ShouldBe("EN 16931");
            kept.ContentType.ShouldBe("application/pdf");
            kept.OperationCategory.ShouldBe("services");
            kept.Content.ShouldBe(Fixture("pdf/akretion-factur-x/invoice_EN16931.pdf").Item2);
            (await db.Set<InvoiceDocument>().SingleAsync(d => d.InvoiceId == invoice.Id)).Content.Length.ShouldBe(kept.Content.Length);
            (await db.Set<TimelineEvent>().CountAsync(e => e.Kind == "einvoice.imported" && e.InvoiceId == invoice.Id)).ShouldBe(1);
        }

        var again = await EInvoiceImport.RunAsync(test.Factory, tenant, [Fixture("pdf/akretion-factur-x/invoice_EN16931.pdf")], "test", clock, default);
        again.Unchanged.ShouldBe(1);
        again.Imported.ShouldBe(0);
        await using (var db = test.For(tenant))
        {
            (await db.Invoices.CountAsync()).ShouldBe(1);
            (await db.Set<EInvoice>().CountAsync()).ShouldBe(1);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_new_buyer_becomes_a_customer_and_a_credit_note_a_credit_note(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var tenant = await test.AddTenantAsync();
        var clock = new FakeClock(new DateTimeOffset(2026, 2, 2, 9, 0, 0, TimeSpan.Zero));
        var report = await EInvoiceImport.RunAsync(test.Factory, tenant,
            [Fixture("ubl/akretion-factur-x/ubl-21-en16931.xml"), Fixture("ubl/connectingeurope-en16931/ubl-tc434-creditnote1.xml"), ("broken.xml", "<x/>"u8.ToArray())],
            "test", clock, default);

        report.Imported.ShouldBe(2);
        report.Refused.ShouldBe(1);
        report.Items.Single(i => i.File == "broken.xml").Outcome.ShouldBe("refused");
        await using var db = test.For(tenant);
        var customer = await db.Customers.SingleAsync(c => c.Siren == "787878784");
        customer.ExternalRef.ShouldBe("787878784");
        (await db.Invoices.SingleAsync(i => i.Number == "F124212")).GrossMinor.ShouldBe(20803);
        (await db.Invoices.SingleAsync(i => i.Number == "018304 / 28865")).Kind.ShouldBe(DocumentKind.CreditNote);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Another_file_with_the_same_seller_and_number_is_refused(string provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        var tenant = await test.AddTenantAsync();
        var clock = new FakeClock(new DateTimeOffset(2026, 2, 2, 9, 0, 0, TimeSpan.Zero));
        (await EInvoiceImport.RunAsync(test.Factory, tenant, [Fixture("cii/akretion-factur-x/factur-x-en16931.xml")], "test", clock, default)).Imported.ShouldBe(1);
        var altered = File.ReadAllText(Path.Combine(EInvoiceCorpusTests.Root, "cii/akretion-factur-x/factur-x-en16931.xml"))
            .Replace("<ram:DuePayableAmount>104.90</ram:DuePayableAmount>", "<ram:DuePayableAmount>140.90</ram:DuePayableAmount>", StringComparison.Ordinal);
        var second = await EInvoiceImport.RunAsync(test.Factory, tenant, [("changed.xml", System.Text.Encoding.UTF8.GetBytes(altered))], "test", clock, default);
        second.Refused.ShouldBe(1);
        second.Items.Single().Issues.ShouldContain(i => i.Code == "duplicate");
        await using var db = test.For(tenant);
        (await db.Invoices.SingleAsync()).GrossMinor.ShouldBe(10490);
    }
}
