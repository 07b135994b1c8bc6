using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Storage;

namespace Encaisse.Tests.Reporting;

/// <summary>
/// A varied, deterministic ledger for the SQL-versus-pure checks: several customers, segments and collectors,
/// partial and early payments, a payment before issue, credit notes used against invoices, a cancelled invoice,
/// a second currency, kept and broken promises.
/// </summary>
internal static class ReportingLedger
{
    public static async Task SeedAsync(EncaisseDb db, Tenant tenant, int invoiceCount = 150, int seed = 42)
    {
        var random = new Random(seed);
        var now = DateTimeOffset.UtcNow;
        var customers = new List<Customer>();
        string?[] segments = ["retail", "industry", null];
        string?[] collectors = ["alice", "bob", null];
        for (var c = 0; c < 7; c++)
        {
            customers.Add(new Customer
            {
                TenantId = tenant.Id, ExternalRef = $"411C{c:00}", LegalName = $"Client {c}",
                Segment = segments[c % 3], Collector = collectors[(c / 2) % 3], CreatedAt = now, UpdatedAt = now,
            });
        }

        db.AddRange(customers);
        var start = new DateOnly(2025, 1, 1);
        for (var n = 0; n < invoiceCount; n++)
        {
            var customer = customers[random.Next(customers.Count)];
            var issue = start.AddDays(random.Next(0, 545));
            var currency = n % 11 == 0 ? "USD" : "EUR";
            var gross = random.Next(10_000, 2_000_000);
            var invoice = new Invoice
            {
                TenantId = tenant.Id, CustomerId = customer.Id, Number = $"F{n:0000}", IssueDate = issue,
                DueDate = issue.AddDays(random.Next(0, 3) * 15 + 30), Currency = currency, GrossMinor = gross, NetMinor = gross,
                CancelledOn = n == 7 ? issue.AddDays(20) : null, CreatedAt = now, UpdatedAt = now,
            };
            db.Add(invoice);
            var roll = random.Next(10);
            if (roll < 6)
            {
                // Paid in one or two parts, from 20 days early to 100 days late (n == 3: before the issue date).
                var parts = random.Next(1, 3);
                var left = gross;
                for (var p = 0; p < parts && left > 0; p++)
                {
                    var amount = p == parts - 1 || roll < 3 ? left : left / 2;
                    var on = n == 3 ? issue.AddDays(-5) : invoice.DueDate.AddDays(random.Next(-20, 100));
                    var payment = new Payment
                    {
                        TenantId = tenant.Id, CustomerId = customer.Id, Reference = $"VIR{n:0000}-{p}", ReceivedOn = on,
                        AmountMinor = amount, Currency = currency, CreatedAt = now,
                    };
                    db.Add(payment);
                    db.Add(new Allocation { TenantId = tenant.Id, InvoiceId = invoice.Id, PaymentId = payment.Id, AmountMinor = amount, AllocatedOn = on, CreatedAt = now });
                    left -= amount;
                }
            }
            else if (roll == 6)
            {
                // A credit note, half of it set against the invoice.
                var note = new Invoice
                {
                    TenantId = tenant.Id, CustomerId = customer.Id, Number = $"AV{n:0000}", Kind = DocumentKind.CreditNote,
                    IssueDate = issue.AddDays(10), DueDate = issue.AddDays(10), Currency = currency, GrossMinor = gross / 3,
                    NetMinor = gross / 3, CreatedAt = now, UpdatedAt = now,
                };
                db.Add(note);
                db.Add(new Allocation { TenantId = tenant.Id, InvoiceId = invoice.Id, CreditNoteId = note.Id, AmountMinor = gross / 6, AllocatedOn = issue.AddDays(12), CreatedAt = now });
            }
        }

        for (var p = 0; p < 12; p++)
        {
            var status = p % 3 == 0 ? PromiseStatus.Broken : p % 5 == 0 ? PromiseStatus.Pending : PromiseStatus.Kept;
            var date = new DateOnly(2026, 1, 10).AddDays(p * 13);
            db.Add(new PromiseToPay
            {
                TenantId = tenant.Id, CustomerId = customers[p % customers.Count].Id, AmountMinor = 100_00, PromisedDate = date,
                Status = status, ResolvedOn = status == PromiseStatus.Pending ? null : date.AddDays(3), RecordedAt = now,
            });
        }

        await db.SaveChangesAsync();
    }
}
