using System.Globalization;
using Encaisse.Dunning;
using Encaisse.Legal;
using Encaisse.Ledger;

namespace Encaisse.Demo;

/// <summary>How a demo customer pays: drives lateness, partial payments, disputes and promises.</summary>
public enum PayerProfile
{
    Good = 0,
    Slow = 1,
    Chronic = 2,
    Disputer = 3,
    Consumer = 4,
    Receivership = 5,
}

/// <summary>Everything generated for one customer: written together, so a portfolio streams in constant memory.</summary>
public sealed record DemoCustomer(
    Customer Customer,
    PayerProfile Profile,
    List<Invoice> Invoices,
    List<Payment> Payments,
    List<Allocation> Allocations,
    List<Dispute> Disputes,
    List<PromiseToPay> Promises);

/// <summary>Options of a generated portfolio. The same seed and options give the same portfolio.</summary>
public sealed record DemoOptions(int Customers = 200, int Seed = 42, int Months = 24, double InvoicesPerMonth = 1.0);

/// <summary>
/// Generates a realistic French SME portfolio over the last <see cref="DemoOptions.Months"/> months up to
/// <c>today</c>: valid SIRENs and VAT numbers, French names and towns, good payers, slow and chronic late
/// payers, disputed invoices, partial payments, a customer in receivership and some consumers. Pure and
/// deterministic for a seed; customers are produced one at a time.
/// </summary>
public static class DemoPortfolio
{
    public static IEnumerable<DemoCustomer> Generate(Guid tenantId, DateOnly today, DemoOptions options)
    {
        var start = today.AddMonths(-options.Months);
        var invoiceCounter = 0;
        var paymentCounter = 0;
        for (var n = 1; n <= options.Customers; n++)
        {
            // One customer per seed-derived stream keeps customer n identical whatever the portfolio size.
            var r = new Random(unchecked((options.Seed * 1_000_003) + n));
            var profile = n == 7 ? PayerProfile.Receivership : PickProfile(r);
            var customer = NewCustomer(tenantId, n, profile, r, today);
            var item = new DemoCustomer(customer, profile, [], [], [], [], []);
            var trade = FrenchNames.Trades[r.Next(FrenchNames.Trades.Length)];
            var typical = profile == PayerProfile.Consumer ? 180 : trade.TypicalAmount;
            var termDays = customer.PaymentTerms switch { "net60" => 60, "net45" => 45, _ => 30 };
            for (var day = start.AddDays(r.Next(0, 30)); day <= today; day = day.AddDays(NextGap(r, options.InvoicesPerMonth)))
            {
                invoiceCounter++;
                var invoice = NewInvoice(tenantId, customer, day, termDays, typical, invoiceCounter, r);
                item.Invoices.Add(invoice);
                Settle(item, invoice, today, r, ref paymentCounter);
            }

            AddCreditNote(item, today, r, ref invoiceCounter);
            AddDisputesAndPromises(item, today, r);
            yield return item;
        }
    }

    private static PayerProfile PickProfile(Random r) => r.Next(100) switch
    {
        < 50 => PayerProfile.Good,
        < 72 => PayerProfile.Slow,
        < 84 => PayerProfile.Chronic,
        < 91 => PayerProfile.Disputer,
        _ => PayerProfile.Consumer,
    };

    private static int NextGap(Random r, double perMonth) => Math.Max(1, (int)(30 / perMonth * (0.6 + r.NextDouble() * 0.8)));

    private static Customer NewCustomer(Guid tenantId, int n, PayerProfile profile, Random r, DateOnly today)
    {
        var town = FrenchNames.Towns[r.Next(FrenchNames.Towns.Length)];
        var first = FrenchNames.FirstNames[r.Next(FrenchNames.FirstNames.Length)];
        var last = FrenchNames.LastNames[r.Next(FrenchNames.LastNames.Length)];
        var consumer = profile == PayerProfile.Consumer;
        var trade = FrenchNames.Trades[r.Next(FrenchNames.Trades.Length)];
        var form = FrenchNames.LegalForms[r.Next(FrenchNames.LegalForms.Length)];
        var name = consumer ? $"{first} {last}" : $"{trade.Trade} {last} {form}";
        var siren = consumer ? null : FrenchIdentifiers.CompleteSiren((10_000_000 + (n * 7919L % 89_999_999)).ToString(CultureInfo.InvariantCulture));
        var slug = new string(last.ToUpperInvariant().Normalize(System.Text.NormalizationForm.FormD).Where(char.IsAsciiLetterUpper).ToArray());
        var emailDomain = consumer ? "exemple-particulier.fr" : $"{slug.ToLowerInvariant()}-{n}.exemple.fr";
        var customer = new Customer
        {
            TenantId = tenantId,
            ExternalRef = $"411{slug}{n:00000}",
            Kind = consumer ? CustomerKind.Consumer : CustomerKind.Business,
            LegalName = name,
            Siren = siren,
            Siret = siren is null ? null : FrenchIdentifiers.CompleteSiret(siren + "0001"),
            VatNumber = siren is null ? null : FrenchIdentifiers.VatFromSiren(siren),
            BillingAddress = new PostalAddress
            {
                Line1 = $"{r.Next(1, 120)} {FrenchNames.Streets[r.Next(FrenchNames.Streets.Length)]}",
                PostalCode = town.PostalCode,
                City = town.City,
            },
            Language = r.Next(20) == 0 ? "en" : "fr",
            Segment = consumer ? "particuliers" : trade.Segment,
            Collector = (n % 3) switch { 0 => "claire", 1 => "julien", _ => "sophie" },
            CreditLimitMinor = consumer ? null : r.Next(2, 30) * 500_000L,
            PaymentTerms = consumer ? "net30" : r.Next(4) switch { 0 => "net60", 1 => "net45", _ => "net30" },
            PaysByDirectDebit = !consumer && r.Next(10) == 0,
            InsolvencyOpenedOn = profile == PayerProfile.Receivership ? today.AddDays(-20) : null,
            InsolvencyKind = profile == PayerProfile.Receivership ? "redressement" : null,
            CreatedAt = new DateTimeOffset(today.AddMonths(-25).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            UpdatedAt = new DateTimeOffset(today.AddMonths(-25).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        };
        customer.Contacts.Add(new Contact
        {
            TenantId = tenantId,
            CustomerId = customer.Id,
            Name = $"{first} {last}",
            Role = consumer ? null : FrenchNames.Roles[r.Next(FrenchNames.Roles.Length)],
            Email = consumer ? $"{first.ToLowerInvariant()}.{slug.ToLowerInvariant()}{n}@{emailDomain}" : $"compta@{emailDomain}",
            Phone = $"0{r.Next(1, 6)} {r.Next(10, 99)} {r.Next(10, 99)} {r.Next(10, 99)} {r.Next(10, 99)}",
            IsPrimary = true,
        });
        return customer;
    }

    private static Invoice NewInvoice(Guid tenantId, Customer customer, DateOnly issued, int termDays, int typical, int counter, Random r)
    {
        var net = Math.Round((decimal)(typical * (0.4 + r.NextDouble() * 1.2)), 2);
        var rate = customer.Kind == CustomerKind.Consumer || r.Next(8) != 0 ? 0.20m : 0.10m;
        var netMinor = Currencies.ToMinor(net, "EUR");
        var taxMinor = Currencies.ToMinor(net * rate, "EUR");
        return new Invoice
        {
            TenantId = tenantId,
            CustomerId = customer.Id,
            Number = $"FA{issued.Year}-{counter:000000}",
            IssueDate = issued,
            DueDate = issued.AddDays(termDays),
            Currency = "EUR",
            NetMinor = netMinor,
            TaxMinor = taxMinor,
            GrossMinor = netMinor + taxMinor,
            PurchaseOrderRef = r.Next(3) == 0 ? $"BC-{r.Next(1000, 9999)}" : null,
            Source = "demo",
            CreatedAt = new DateTimeOffset(issued.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            UpdatedAt = new DateTimeOffset(issued.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        };
    }

    /// <summary>Pays the invoice the way the customer's profile does, if that day has come.</summary>
    private static void Settle(DemoCustomer item, Invoice invoice, DateOnly today, Random r, ref int paymentCounter)
    {
        var delay = item.Profile switch
        {
            PayerProfile.Good => r.Next(-8, 6),
            PayerProfile.Slow => r.Next(5, 40),
            PayerProfile.Chronic => r.Next(25, 110),
            PayerProfile.Disputer => r.Next(0, 30),
            PayerProfile.Consumer => r.Next(-5, 45),
            _ => r.Next(30, 120),
        };
        var paidOn = invoice.DueDate.AddDays(delay);
        if (paidOn < invoice.IssueDate)
        {
            paidOn = invoice.IssueDate.AddDays(1);
        }

        // A disputer withholds payment of the invoices it contests.
        if (item.Profile == PayerProfile.Disputer && r.Next(6) == 0)
        {
            return;
        }

        var receivershipFrozen = item.Customer.InsolvencyOpenedOn is { } opened && paidOn >= opened.AddDays(-60);
        if (paidOn > today || receivershipFrozen)
        {
            // Chronic payers sometimes send a part before the rest.
            if (item.Profile == PayerProfile.Chronic && r.Next(3) == 0 && invoice.DueDate.AddDays(10) <= today)
            {
                Pay(item, invoice, invoice.DueDate.AddDays(10), invoice.GrossMinor * r.Next(2, 6) / 10, r, ref paymentCounter);
            }

            return;
        }

        if (item.Profile == PayerProfile.Chronic && r.Next(4) == 0)
        {
            var part = invoice.GrossMinor / 2;
            Pay(item, invoice, invoice.DueDate.AddDays(Math.Max(1, delay / 2)), part, r, ref paymentCounter);
            Pay(item, invoice, paidOn, invoice.GrossMinor - part, r, ref paymentCounter);
            return;
        }

        Pay(item, invoice, paidOn, invoice.GrossMinor, r, ref paymentCounter);
    }

    private static void Pay(DemoCustomer item, Invoice invoice, DateOnly on, long amount, Random r, ref int paymentCounter)
    {
        paymentCounter++;
        var payment = new Payment
        {
            TenantId = invoice.TenantId,
            CustomerId = item.Customer.Id,
            Reference = $"VIR{on:yyyyMMdd}-{paymentCounter:0000000}",
            ReceivedOn = on,
            AmountMinor = amount,
            Currency = invoice.Currency,
            Method = item.Customer.PaysByDirectDebit ? PaymentMethod.DirectDebit : r.Next(12) == 0 ? PaymentMethod.Cheque : PaymentMethod.Transfer,
            PayerName = item.Customer.LegalName.ToUpperInvariant(),
            Source = "demo",
            CreatedAt = new DateTimeOffset(on.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        };
        item.Payments.Add(payment);
        item.Allocations.Add(new Allocation
        {
            TenantId = invoice.TenantId,
            InvoiceId = invoice.Id,
            PaymentId = payment.Id,
            AmountMinor = amount,
            AllocatedOn = on,
            Source = "demo",
            CreatedAt = payment.CreatedAt,
        });
    }

    /// <summary>One customer in eight got a credit note for a returned delivery, used against an open invoice.</summary>
    private static void AddCreditNote(DemoCustomer item, DateOnly today, Random r, ref int invoiceCounter)
    {
        var target = item.Invoices.LastOrDefault(i => i.GrossMinor > item.Allocations.Where(a => a.InvoiceId == i.Id).Sum(a => a.AmountMinor) + 5000);
        if (target is null || r.Next(8) != 0)
        {
            return;
        }

        invoiceCounter++;
        var issued = target.IssueDate.AddDays(5) > today ? today : target.IssueDate.AddDays(5);
        var amount = Math.Min(target.GrossMinor / 5, target.GrossMinor - item.Allocations.Where(a => a.InvoiceId == target.Id).Sum(a => a.AmountMinor));
        var note = new Invoice
        {
            TenantId = target.TenantId,
            CustomerId = target.CustomerId,
            Number = $"AV{issued.Year}-{invoiceCounter:000000}",
            Kind = DocumentKind.CreditNote,
            IssueDate = issued,
            DueDate = issued,
            Currency = target.Currency,
            GrossMinor = amount,
            Source = "demo",
            CreatedAt = target.CreatedAt,
            UpdatedAt = target.CreatedAt,
        };
        item.Invoices.Add(note);
        item.Allocations.Add(new Allocation
        {
            TenantId = target.TenantId, InvoiceId = target.Id, CreditNoteId = note.Id, AmountMinor = amount, AllocatedOn = issued, Source = "demo", CreatedAt = target.CreatedAt,
        });
    }

    private static void AddDisputesAndPromises(DemoCustomer item, DateOnly today, Random r)
    {
        var open = item.Invoices
            .Where(i => i.Kind == DocumentKind.Invoice && i.DueDate < today && i.GrossMinor > item.Allocations.Where(a => a.InvoiceId == i.Id).Sum(a => a.AmountMinor))
            .ToList();
        if (open.Count == 0)
        {
            return;
        }

        if (item.Profile == PayerProfile.Disputer)
        {
            var invoice = open[r.Next(open.Count)];
            var dispute = new Dispute
            {
                TenantId = invoice.TenantId,
                CustomerId = invoice.CustomerId,
                AmountMinor = invoice.GrossMinor,
                Currency = invoice.Currency,
                Reason = (DisputeReason)r.Next(0, 4),
                Description = "Contestation reçue par téléphone.",
                Owner = item.Customer.Collector,
                Status = DisputeStatus.Open,
                Channel = "phone",
                OpenedOn = invoice.DueDate.AddDays(r.Next(1, 10)) > today ? today : invoice.DueDate.AddDays(r.Next(1, 10)),
                CreatedAt = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            };
            dispute.Invoices.Add(new DisputedInvoice { TenantId = invoice.TenantId, DisputeId = dispute.Id, InvoiceId = invoice.Id });
            item.Disputes.Add(dispute);
        }

        if (item.Profile is PayerProfile.Slow or PayerProfile.Chronic && r.Next(3) == 0)
        {
            var invoice = open[0];
            item.Promises.Add(new PromiseToPay
            {
                TenantId = invoice.TenantId,
                CustomerId = invoice.CustomerId,
                AmountMinor = invoice.GrossMinor,
                Currency = invoice.Currency,
                PromisedDate = today.AddDays(r.Next(-10, 15)),
                Channel = "phone",
                Status = PromiseStatus.Pending,
                RecordedBy = item.Customer.Collector ?? "system",
                RecordedAt = new DateTimeOffset(today.AddDays(-12).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            });
        }
    }
}
