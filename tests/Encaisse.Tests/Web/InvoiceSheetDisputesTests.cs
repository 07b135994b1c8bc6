using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Tests.Dunning.Collections;
using Encaisse.Tests.Support;
using Encaisse.Web.BackOffice;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// The invoice page takes its invoice's disputes from the legal case it has read (every dispute of the customer, ADR 1571)
/// instead of asking again: the same disputes, newest first, none of another invoice or another tenant, and a credit
/// note (no legal case) still asks.
/// </summary>
public class InvoiceSheetDisputesTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_invoice_sheet_shows_the_disputes_of_its_invoice_only_newest_first(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        var other = await CollectionsData.SeedAsync(database, await database.AddTenantAsync("other"));
        Guid fa001, fa002, otherFa001;
        await using (var db = database.For(data.Tenant))
        {
            var ids = await db.Invoices.Where(i => i.Number == "FA-001" || i.Number == "FA-002").ToDictionaryAsync(i => i.Number, i => i.Id);
            fa001 = ids["FA-001"];
            fa002 = ids["FA-002"];
            db.Add(Dispute(data.Tenant.Id, data.Dupont.Id, fa001, DisputeStatus.Rejected, data.Today.AddDays(-30), "ancien litige"));
            db.Add(Dispute(data.Tenant.Id, data.Dupont.Id, fa001, DisputeStatus.Open, data.Today.AddDays(-5), "litige ouvert"));
            db.Add(Dispute(data.Tenant.Id, data.Dupont.Id, fa002, DisputeStatus.Open, data.Today.AddDays(-3), "autre facture"));
            await db.SaveChangesAsync();
        }

        await using (var db = database.For(other.Tenant))
        {
            otherFa001 = await db.Invoices.Where(i => i.Number == "FA-001").Select(i => i.Id).SingleAsync();
            db.Add(Dispute(other.Tenant.Id, other.Dupont.Id, otherFa001, DisputeStatus.Open, data.Today.AddDays(-1), "autre locataire"));
            await db.SaveChangesAsync();
        }

        await using (var db = database.For(data.Tenant))
        {
            var sheet = (await InvoiceSheet.LoadAsync(db, data.Tenant, fa001, data.Today, default))!;
            sheet.Disputes.Select(d => d.Description).ShouldBe(["litige ouvert", "ancien litige"]);
            sheet.Disputes.ShouldAllBe(d => d.Invoices.Count == 1 && d.Invoices[0].InvoiceId == fa001);
            sheet.Disputed.ShouldBeTrue();

            var second = (await InvoiceSheet.LoadAsync(db, data.Tenant, fa002, data.Today, default))!;
            second.Disputes.Select(d => d.Description).ShouldBe(["autre facture"]);

            var creditNote = await db.Invoices.Where(i => i.Number == "AV-001").Select(i => i.Id).SingleAsync();
            (await InvoiceSheet.LoadAsync(db, data.Tenant, creditNote, data.Today, default))!.Disputes.ShouldBeEmpty();
        }

        await using (var db = database.For(other.Tenant))
        {
            var sheet = (await InvoiceSheet.LoadAsync(db, other.Tenant, otherFa001, data.Today, default))!;
            sheet.Disputes.Select(d => d.Description).ShouldBe(["autre locataire"]);
        }
    }

    private static Dispute Dispute(Guid tenantId, Guid customerId, Guid invoiceId, DisputeStatus status, DateOnly openedOn, string description)
    {
        var dispute = new Dispute
        {
            TenantId = tenantId, CustomerId = customerId, AmountMinor = 100_00, Reason = DisputeReason.Quantity, Description = description,
            Status = status, OpenedOn = openedOn, ClosedOn = status == DisputeStatus.Rejected ? openedOn.AddDays(10) : null,
            CreatedAt = new DateTimeOffset(openedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        };
        dispute.Invoices.Add(new DisputedInvoice { TenantId = tenantId, DisputeId = dispute.Id, InvoiceId = invoiceId });
        return dispute;
    }
}
