using System.Net.Http.Json;
using System.Text;
using Encaisse.Audit;
using Encaisse.Dunning;
using Encaisse.Dunning.Running;
using Encaisse.Formats;
using Encaisse.Ledger;
using Encaisse.Reporting;
using Encaisse.Risk;
using Encaisse.Payments;
using Encaisse.Payments.Matching;
using Encaisse.Risk.Factoring;
using Encaisse.Tests.Dunning.Running;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using UglyToad.PdfPig;

namespace Encaisse.Tests.Risk;

/// <summary>
/// Factoring's money on both databases (issue 18): payments the seller received for sold invoices are listed to transfer to
/// the factor until the transfer is recorded; credit notes on sold invoices are deducted on the next bordereau, once; the
/// subrogation mention is on every reminder and statement of a sold invoice; the invoices file sells invoices with a factor column.
/// </summary>
public sealed class FactoringMoneyTests
{
    private const string FactorIban = "FR1420041010050500013M02606";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Money_received_for_a_sold_invoice_is_listed_until_transferred_and_credit_notes_are_deducted_once(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var clock = FakeClock.At(WebSeed.Today);
        var today = WebSeed.Today;
        await using (var db = server.Database.For(server.Tenant))
        {
            (await FactoringOperations.SetFactorAsync(db, new FactorInput("Eurofactor", FactorIban, "EUROFRPP", "EF-12", FactoringMode.Confidential), clock, default)).IsOk.ShouldBeTrue();
            // Bernard's invoice was partly paid before it was sold: that money is the seller's.
            var before = await new LedgerAllocations(db, server.Tenant, clock).SettleAsync(new SettlementRequest(AllocationOrigin.Manual, "claire")
            {
                NewPayment = new Payment { CustomerId = seed.Bernard.Id, Reference = "VIR-BERNARD-1", ReceivedOn = today.AddDays(-3), AmountMinor = 100_00, Currency = "EUR", CreatedAt = DateTimeOffset.UtcNow },
                Lines = [new SettlementLine("FA-2026-0120")],
            }, default);
            before.IsOk.ShouldBeTrue();
            clock.Advance(TimeSpan.FromMinutes(1));
            (await FactoringOperations.AssignAsync(db, "Eurofactor", ["FA-2026-0101", "FA-2026-0120", "FA-2026-0077"], "claire", clock, today, default)).IsOk.ShouldBeTrue();
            (await FactoringTransfers.DueAsync(db, default)).ShouldBeEmpty();
        }

        // Confidential factoring: the customer still pays the seller. A manual allocation, then a payments file naming the invoice.
        clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = server.Database.For(server.Tenant))
        {
            var paid = await new LedgerAllocations(db, server.Tenant, clock).SettleAsync(new SettlementRequest(AllocationOrigin.Manual, "claire")
            {
                NewPayment = new Payment { CustomerId = seed.Dupont.Id, Reference = "VIR-DUPONT-7", ReceivedOn = today, AmountMinor = 1_000_00, Currency = "EUR", CreatedAt = DateTimeOffset.UtcNow },
                Lines = [new SettlementLine("FA-2026-0101")],
            }, default);
            paid.IsOk.ShouldBeTrue();
        }

        var payments = "Référence;Date;Montant;Code client;Facture\nCHQ-DUPONT-8;16/03/2026;234,56;411DUPONT;FA-2026-0101\n";
        var imported = await LedgerImport.RunAsync(server.Database.Factory, server.Tenant, ImportKind.Payments, "reglements.csv", new MemoryStream(Encoding.UTF8.GetBytes(payments)),
            new ImportOptions(), clock, default);
        imported.Written.ShouldBeTrue(string.Join("; ", imported.Errors.Select(e => e.Reason)));
        imported.Allocations!.Created.ShouldBe(1);

        await using (var db = server.Database.For(server.Tenant))
        {
            var due = (await FactoringTransfers.DueAsync(db, default)).ShouldHaveSingleItem();
            due.Invoice.ShouldBe("FA-2026-0101");
            due.Factor.ShouldBe("Eurofactor");
            due.ReceivedMinor.ShouldBe(1_234_56);
            due.DueMinor.ShouldBe(1_234_56);
            due.Payments.ShouldBe(["VIR-DUPONT-7", "CHQ-DUPONT-8"], ignoreOrder: true);
        }

        var listed = await server.Api.GetStringAsync("/api/v1/factoring/transfers");
        listed.ShouldContain("\"invoice\": \"FA-2026-0101\"");
        listed.ShouldContain("\"toTransfer\": 1234.56");

        await using (var db = server.Database.For(server.Tenant))
        {
            (await FactoringTransfers.RecordAsync(db, ["FA-2026-0142"], null, null, null, "claire", clock, today, default)).Error!.Code.ShouldBe("factoring.notAssigned");
            (await FactoringTransfers.RecordAsync(db, ["FA-2026-0120"], null, null, null, "claire", clock, today, default)).Error!.Code.ShouldBe("factoring.nothingToTransfer");
            var tooMuch = await FactoringTransfers.RecordAsync(db, ["FA-2026-0101"], 2_000m, null, null, "claire", clock, today, default);
            tooMuch.Error!.Code.ShouldBe("factoring.transferTooMuch");
            tooMuch.Error.Message("fr").ShouldBe("Il ne reste que 1 234,56 € à reverser pour la facture FA-2026-0101.");
            var part = (await FactoringTransfers.RecordAsync(db, ["FA-2026-0101"], 1_000m, null, "VIR-EF-1", "claire", clock, today, default)).Value.ShouldHaveSingleItem();
            part.LeftMinor.ShouldBe(234_56);
            (await FactoringTransfers.DueAsync(db, default)).ShouldHaveSingleItem().DueMinor.ShouldBe(234_56);
        }

        // The rest through the API (an API key: the audit trail records it).
        var rest = await server.Api.PostAsJsonAsync("/api/v1/factoring/transfers", new { invoices = new[] { "FA-2026-0101" }, reference = "VIR-EF-2" });
        rest.EnsureSuccessStatusCode();
        (await rest.Content.ReadAsStringAsync()).ShouldContain("\"left\": 0");

        await using (var db = server.Database.For(server.Tenant))
        {
            (await FactoringTransfers.DueAsync(db, default)).ShouldBeEmpty();
            (await FactoringTransfers.DueAsync(db, default, includeDone: true)).ShouldHaveSingleItem().TransferredMinor.ShouldBe(1_234_56);
            var entries = (await db.Set<TimelineEvent>().Where(e => e.Kind == "factoring.transferred").ToListAsync()).OrderBy(e => e.Summary.Contains("VIR-EF-2", StringComparison.Ordinal)).ToList();
            entries.Count.ShouldBe(2);
            entries.Select(e => TimelineText.Render(e.Data, "fr")).ShouldContain("1 000,00 € reçus pour la facture FA-2026-0101 reversés à Eurofactor le 16/03/2026 (réf. VIR-EF-1)");
            TimelineText.Render(entries[1].Data, "en").ShouldNotBeNull().ShouldContain("received for invoice FA-2026-0101 transferred to Eurofactor");
            var audit = await db.Set<AuditEntry>().Where(a => a.Action == "factoring.transferDone").ToListAsync();
            audit.ShouldHaveSingleItem();
        }

        // Bordereau 1 lists the three sold invoices; a credit note then applied to Martin's is deducted on bordereau 2, once.
        await using (var db = server.Database.For(server.Tenant))
        {
            var first = (await FactoringOperations.RemitAsync(db, "Eurofactor", "claire", clock, today, default)).Value.ShouldHaveSingleItem();
            first.Lines.Select(l => l.Number).ShouldBe(["FA-2026-0120", "FA-2026-0101", "FA-2026-0077"], ignoreOrder: true);
            first.Deductions.ShouldBeEmpty();
            var martin = await db.Invoices.SingleAsync(i => i.Number == "FA-2026-0077");
            var note = new Invoice
            {
                TenantId = server.Tenant.Id, CustomerId = martin.CustomerId, Number = "AV-2026-0003", Kind = DocumentKind.CreditNote, IssueDate = today, DueDate = today,
                GrossMinor = 500_00, NetMinor = 416_67, TaxMinor = 83_33, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Add(note);
            await db.SaveChangesAsync();
            clock.Advance(TimeSpan.FromMinutes(1));
            (await new LedgerAllocations(db, server.Tenant, clock).SettleAsync(new SettlementRequest(AllocationOrigin.Manual, "claire")
            {
                CreditNoteId = note.Id, Lines = [new SettlementLine("FA-2026-0077", AmountMinor: 500_00)],
            }, default)).IsOk.ShouldBeTrue();
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            var second = (await FactoringOperations.RemitAsync(db, "Eurofactor", "claire", clock, today, default)).Value.ShouldHaveSingleItem();
            second.Reference.ShouldBe("BC-EUROFACTOR-0002");
            second.Lines.ShouldBeEmpty();
            var deduction = second.Deductions.ShouldHaveSingleItem();
            deduction.CreditNote.ShouldBe("AV-2026-0003");
            deduction.Invoice.ShouldBe("FA-2026-0077");
            deduction.AmountMinor.ShouldBe(500_00);
            var csv = Encoding.UTF8.GetString(await RemittanceDocuments.CsvAsync(second, default));
            csv.ShouldContain("AV-2026-0003");
            csv.ShouldContain("500.00");
            var factor = (await FactoringOperations.FactorsAsync(db, default)).Single();
            using (var pdf = PdfDocument.Open(RemittanceDocuments.Pdf(second, server.Tenant, factor)))
            {
                var text = string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
                text.ShouldContain("AV-2026-0003");
                text.ShouldContain("Avoirs déduits");
                text.ShouldContain("-500,00 €");
            }

            // Never reported twice; the bordereaux can be downloaded again.
            (await FactoringOperations.RemitAsync(db, "Eurofactor", "claire", clock, today, default)).Value.ShouldBeEmpty();
            var made = await FactoringOperations.RemittancesAsync(db, default);
            made.Select(r => r.Reference).ShouldBe(["BC-EUROFACTOR-0002", "BC-EUROFACTOR-0001"]);
            made[0].DeductionMinor.ShouldBe(500_00);
            var again = (await FactoringOperations.RemittanceAsync(db, made[0].Id, default)).ShouldNotBeNull();
            again.View.Deductions.ShouldHaveSingleItem().CreditNote.ShouldBe("AV-2026-0003");
        }

        var pdfFile = await server.Api.GetAsync($"/api/v1/factoring/remittances/{(await RemittanceIdAsync(server, 1))}/pdf");
        pdfFile.EnsureSuccessStatusCode();
        pdfFile.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Under_notified_factoring_a_person_applies_a_credit_note_to_the_sold_invoice_and_the_factor_is_told(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var clock = FakeClock.At(WebSeed.Today);
        await using (var db = server.Database.For(server.Tenant))
        {
            (await FactoringOperations.SetFactorAsync(db, new FactorInput("BPI Factor", FactorIban, "BPIFFRPP", "AF-778", FactoringMode.Notified), clock, default)).IsOk.ShouldBeTrue();
            (await FactoringOperations.AssignAsync(db, "BPI Factor", ["FA-2026-0101"], "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
            (await FactoringOperations.RemitAsync(db, "BPI Factor", "claire", clock, WebSeed.Today, default)).Value.ShouldHaveSingleItem();
            db.Add(new Invoice
            {
                TenantId = server.Tenant.Id, CustomerId = seed.Dupont.Id, Number = "AV-2026-0009", Kind = DocumentKind.CreditNote, IssueDate = WebSeed.Today,
                DueDate = WebSeed.Today, GrossMinor = 234_56, NetMinor = 195_47, TaxMinor = 39_09, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            });
            db.Add(new Payment { TenantId = server.Tenant.Id, CustomerId = seed.Dupont.Id, Reference = "VIR-DUPONT-9", ReceivedOn = WebSeed.Today, AmountMinor = 100_00, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = server.Database.For(server.Tenant))
        {
            var ops = new LedgerOperations(db, server.Tenant, clock);
            // A payment is the factor's: still refused. The credit note reduces what Dupont owes the factor.
            (await ops.AllocateAsync(new AllocationWrite("FA-2026-0101", "VIR-DUPONT-9", null, null), AllocationOrigin.Manual, "claire", default)).Error!.Code
                .ShouldBe("allocation.invoiceFactored");
            (await ops.AllocateAsync(new AllocationWrite("FA-2026-0101", null, "AV-2026-0009", null), AllocationOrigin.Manual, "claire", default)).IsOk.ShouldBeTrue();
            (await FactoringTransfers.DueAsync(db, default)).ShouldBeEmpty();
            var next = (await FactoringOperations.RemitAsync(db, "BPI Factor", "claire", clock, WebSeed.Today, default)).Value.ShouldHaveSingleItem();
            next.Deductions.ShouldHaveSingleItem().AmountMinor.ShouldBe(234_56);
            next.NetMinor.ShouldBe(-234_56);
            (await FactoringOperations.RemitAsync(db, "BPI Factor", "claire", clock, WebSeed.Today, default)).Value.ShouldBeEmpty();
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Under_notified_factoring_a_bank_credit_naming_the_sold_invoice_is_matched_and_listed_to_transfer(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var clock = FakeClock.At(WebSeed.Today);
        BankTransaction exact, part;
        await using (var db = server.Database.For(server.Tenant))
        {
            (await FactoringOperations.SetFactorAsync(db, new FactorInput("BPI Factor", FactorIban, "BPIFFRPP", "AF-778", FactoringMode.Notified), clock, default)).IsOk.ShouldBeTrue();
            (await FactoringOperations.AssignAsync(db, "BPI Factor", ["FA-2026-0101", "FA-2026-0120"], "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
            var statement = new BankStatement { TenantId = server.Tenant.Id, Format = "camt053", AccountIban = server.Tenant.Iban, Currency = "EUR", ImportedAt = DateTimeOffset.UtcNow };
            db.Add(statement);
            BankTransaction Credit(string key, long minor, string payer, string text) => new()
            {
                TenantId = server.Tenant.Id, BankStatementId = statement.Id, NaturalKey = key, BookingDate = WebSeed.Today, ValueDate = WebSeed.Today,
                AmountMinor = minor, Currency = "EUR", CounterpartyName = payer, RemittanceInformation = text, Status = BankTransactionStatus.Unmatched,
                ImportedAt = DateTimeOffset.UtcNow,
            };
            // Dupont pays the seller instead of the factor, exactly what the sold invoice owes; Bernard pays part of his.
            exact = Credit("n1", 1_234_56, "DUPONT MATERIAUX SARL", "VIR FACTURE FA-2026-0101");
            part = Credit("n2", 200_00, "BOULANGERIE BERNARD", "ACOMPTE FA-2026-0120");
            db.AddRange(exact, part);
            await db.SaveChangesAsync();
            clock.Advance(TimeSpan.FromMinutes(1));
            var (auto, review, unmatched) = await CashApplication.RunAsync(db, [exact, part], clock, new MatchSettings(), default);
            (auto, review, unmatched).ShouldBe((1, 1, 0));
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            var matched = await db.Set<BankTransaction>().SingleAsync(t => t.NaturalKey == "n1");
            matched.Status.ShouldBe(BankTransactionStatus.Matched);
            (await db.Invoices.SingleAsync(i => i.Number == "FA-2026-0101")).IsFactored.ShouldBeTrue();
            var due = (await FactoringTransfers.DueAsync(db, default)).ShouldHaveSingleItem();
            (due.Invoice, due.Factor, due.Mode, due.DueMinor).ShouldBe(("FA-2026-0101", "BPI Factor", FactoringMode.Notified, 1_234_56L));
            // The sold invoice is no longer owed by Dupont: the money is the factor's, not customer credit.
            var position = await CustomerPositions.LoadAsync(db, seed.Dupont.Id, WebSeed.Today, default);
            position.OpenOf((await db.Invoices.SingleAsync(i => i.Number == "FA-2026-0101")).Id).ShouldBe(0);

            // The partial credit waits in review with the sold invoice proposed and the reason; accepting it settles that part.
            var waiting = await db.Set<BankTransaction>().SingleAsync(t => t.NaturalKey == "n2");
            waiting.Status.ShouldBe(BankTransactionStatus.Review);
            var proposal = StoredProposal.Parse(waiting.Proposal).ShouldNotBeNull();
            proposal.Customer.ShouldBe(seed.Bernard.ExternalRef);
            proposal.Invoices.ShouldHaveSingleItem().ShouldBe(new StoredProposalInvoice("FA-2026-0120", 200_00));
            proposal.ReasonCodes.ShouldNotBeNull().ShouldContain(r => r.Code == MatchReasonCodes.ReviewFactored && r.Text == "BPI Factor");
            (await MatchReview.AcceptAsync(db, waiting.Id, "claire", clock, default)).IsOk.ShouldBeTrue();
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            var due = await FactoringTransfers.DueAsync(db, default);
            due.Select(d => (d.Invoice, d.DueMinor)).ShouldBe([("FA-2026-0101", 1_234_56L), ("FA-2026-0120", 200_00L)], ignoreOrder: true);
            (await FactoringTransfers.RecordAsync(db, ["FA-2026-0101"], null, null, "VIR-BPI-1", "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
            (await FactoringTransfers.DueAsync(db, default)).ShouldHaveSingleItem().Invoice.ShouldBe("FA-2026-0120");
        }
    }

    [Theory]
    [InlineData("sqlite", DunningChannel.Email)]
    [InlineData("postgres", DunningChannel.Email)]
    [InlineData("sqlite", DunningChannel.Letter)]
    [InlineData("postgres", DunningChannel.Sms)]
    public async Task Every_reminder_of_an_invoice_sold_in_confidential_factoring_carries_the_subrogation_mention(string provider, DunningChannel channel)
    {
        var due = new DateOnly(2026, 3, 16);
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411CEDE", phone: "06 12 34 56 78");
        var sold = await DunningTestData.AddInvoiceAsync(database, tenant, customer, "F-CEDEE", due, 980m);
        await DunningTestData.AddInvoiceAsync(database, tenant, customer, "F-GARDEE", due, 120m);
        await DunningTestData.SettingsAsync(database, tenant, s => s.SmsUrl = "http://127.0.0.1:9/unused");
        var clock = FakeClock.At(due.AddDays(4));
        await using (var db = database.For(tenant))
        {
            var plan = await db.Set<DunningPlan>().Include(p => p.Steps).SingleAsync(p => p.ForKind == CustomerKind.Business);
            plan.Steps.Single(s => s.Number == 2).Channel = channel;
            await db.SaveChangesAsync();
            (await FactoringOperations.SetFactorAsync(db, new FactorInput("Eurofactor", FactorIban, "EUROFRPP", null, FactoringMode.Confidential), clock, default)).IsOk.ShouldBeTrue();
            (await FactoringOperations.AssignAsync(db, "Eurofactor", ["F-CEDEE"], "claire", clock, due, default)).IsOk.ShouldBeTrue();
        }

        var emails = new RecordingEmailSender();
        var sms = new RecordingSms();
        await new DunningRunner(database.Factory, clock, new DunningChannels { Email = emails, Sms = sms }).RunAsync(tenant, new DunningRunOptions(), default);

        var action = (await DunningTestData.ActionsAsync(database, tenant)).Single(a => a.StepNumber == 2);
        action.Channel.ShouldBe(channel);
        action.InvoiceIdList.ShouldContain(sold.Id);
        switch (channel)
        {
            case DunningChannel.Email:
                action.Body.ShouldNotBeNull().ShouldContain("Factures F-CEDEE : créances cédées à Eurofactor, subrogé dans nos droits.");
                action.Body.ShouldContain("FR14 2004 1010 0505 0001 3M02 606 (BIC EUROFRPP)");
                action.Body.ShouldNotContain("F-GARDEE : ");
                emails.Sent.ShouldHaveSingleItem().HtmlBody.ShouldNotBeNull().ShouldContain("subrogé dans nos droits");
                break;
            case DunningChannel.Letter:
                using (var pdf = PdfDocument.Open(action.Document.ShouldNotBeNull()))
                {
                    var text = string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
                    text.ShouldContain("subrogé dans nos droits");
                    text.ShouldContain("Eurofactor");
                    text.ShouldContain("3M02");
                }

                break;
            default:
                action.Body.ShouldNotBeNull().ShouldEndWith("Créance cédée à Eurofactor : réglez sur l'IBAN " + FactorIban + ".");
                sms.Sent.ShouldHaveSingleItem().Text.ShouldContain("Eurofactor");
                break;
        }

        // The statement of account names the factor too.
        await using (var db = database.For(tenant))
        {
            using var statement = PdfDocument.Open((await CustomerStatement.RenderAsync(db, tenant, "411CEDE", due.AddDays(4), default)).ShouldNotBeNull());
            var text = string.Join(" ", statement.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
            text.ShouldContain("subrogé dans nos droits");
            // F-GARDEE is still the seller's, F-CEDEE the factor's: the closing line says which account is for which.
            text.ShouldContain("exception des factures cédées", customMessage: text);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_invoices_file_sells_invoices_with_a_factor_column_and_refuses_an_unknown_factor(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var clock = FakeClock.At(WebSeed.Today);
        await using (var db = server.Database.For(server.Tenant))
        {
            (await FactoringOperations.SetFactorAsync(db, new FactorInput("BPI Factor", FactorIban, "BPIFFRPP", "AF-778", FactoringMode.Notified), clock, default)).IsOk.ShouldBeTrue();
        }

        const string header = "N° facture;Code client;Date facture;Échéance;Montant TTC;Factor\n";
        var unknown = header + "FA-2026-0300;411DUPONT;01/03/2026;31/03/2026;600,00;BPI Factor\nFA-2026-0301;411DUPONT;01/03/2026;31/03/2026;700,00;Factofrance\n";
        var refused = await ImportAsync(server, unknown, skipInvalid: false);
        refused.Written.ShouldBeFalse();
        var error = refused.Errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(3);
        error.Column.ShouldBe("Factor");
        error.Value.ShouldBe("Factofrance");
        error.Reason.ShouldBe("is not a known factor (known: BPI Factor); create it first or correct the name");

        // The name in any case; FA-2026-0302 has no factor.
        var good = header + "FA-2026-0300;411DUPONT;01/03/2026;31/03/2026;600,00;bpi factor\nFA-2026-0302;411BERNARD;01/03/2026;31/03/2026;80,00;\n";
        var report = await ImportAsync(server, good, skipInvalid: false);
        report.Written.ShouldBeTrue(string.Join("; ", report.Errors.Select(e => e.Reason)));
        report.Factoring.ShouldNotBeNull().Assigned.ShouldBe(1);
        report.Factoring.Refused.ShouldBeEmpty();

        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Invoices.SingleAsync(i => i.Number == "FA-2026-0300")).IsFactored.ShouldBeTrue();
            (await db.Invoices.SingleAsync(i => i.Number == "FA-2026-0302")).IsFactored.ShouldBeFalse();
            var assignment = await db.Set<FactoringAssignment>().SingleAsync();
            assignment.AssignedBy.ShouldBe("import");
            (await db.Set<TimelineEvent>().CountAsync(e => e.Kind == "factoring.assigned")).ShouldBe(1);
            // Sold to another factor meanwhile: the next file's sale of it is refused and reported, the others are sold.
            (await FactoringOperations.SetFactorAsync(db, new FactorInput("Eurofactor", "FR7630006000011234567890189", null, null, FactoringMode.Confidential), clock, default)).IsOk.ShouldBeTrue();
        }

        var other = header + "FA-2026-0300;411DUPONT;01/03/2026;31/03/2026;600,00;Eurofactor\nFA-2026-0303;411DUPONT;01/03/2026;31/03/2026;90,00;Eurofactor\n";
        var mixed = await ImportAsync(server, other, skipInvalid: false);
        mixed.Written.ShouldBeTrue();
        mixed.Factoring!.Assigned.ShouldBe(1);
        var no = mixed.Factoring.Refused.ShouldHaveSingleItem();
        no.Invoice.ShouldBe("FA-2026-0300");
        no.Code.ShouldBe("factoring.otherFactor");
    }

    private static async Task<ImportReport> ImportAsync(TestServer server, string csv, bool skipInvalid) =>
        await LedgerImport.RunAsync(server.Database.Factory, server.Tenant, ImportKind.Invoices, "factures.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv)),
            new ImportOptions { SkipInvalid = skipInvalid }, FakeClock.At(WebSeed.Today), default);

    private static async Task<Guid> RemittanceIdAsync(TestServer server, int sequence)
    {
        await using var db = server.Database.For(server.Tenant);
        return await db.Set<FactoringRemittance>().Where(r => r.Sequence == sequence).Select(r => r.Id).SingleAsync();
    }

    private sealed class RecordingSms : Encaisse.Dunning.Channels.ISmsProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string To, string Text)> Sent { get; } = new();

        public Task<string> SendAsync(DunningSettings settings, string to, string text, CancellationToken ct)
        {
            Sent.Enqueue((to, text));
            return Task.FromResult("200 {\"id\":\"recorded\"}");
        }
    }
}
