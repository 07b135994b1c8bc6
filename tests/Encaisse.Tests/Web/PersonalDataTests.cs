using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Encaisse.Audit;
using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Portal;
using Encaisse.Tests.Dunning.Running;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>Issue 16, personal data of consumer debtors: export, erasure with accounting kept, retention settings, and logs free of personal data.</summary>
public sealed class PersonalDataTests
{
    private const string Name = "Jeanne Valmorel";
    private const string Email = "jeanne.valmorel@example.fr";
    private const string Phone = "+33612345678";
    private const string Iban = "FR7630006000011234567890189";
    private static readonly DateOnly Due = new(2026, 2, 1);

    private static async Task<Customer> AddConsumerAsync(TestServer server)
    {
        await using var db = server.Database.For(server.Tenant);
        db.Actor = new AuditActor(AuditActor.User, "claire", "10.0.0.1");
        var customer = new Customer
        {
            TenantId = server.Tenant.Id, ExternalRef = "C-VALMOREL", LegalName = Name, Kind = CustomerKind.Consumer, CreatedAt = DateTimeOffset.UtcNow,
            BillingAddress = new PostalAddress { Line1 = "7 impasse des Glycines", PostalCode = "69003", City = "Lyon" },
        };
        customer.Contacts.Add(new Contact { TenantId = server.Tenant.Id, CustomerId = customer.Id, Name = Name, Email = Email, Phone = Phone, IsPrimary = true });
        db.Customers.Add(customer);
        db.Payments.Add(new Payment
        {
            TenantId = server.Tenant.Id, CustomerId = customer.Id, Reference = "VIR-1", ReceivedOn = Due.AddDays(-60), AmountMinor = 1000, Currency = "EUR",
            PayerName = Name, PayerIban = Iban, Source = "manual", CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        return customer;
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_consumer_is_exported_then_erased_with_the_accounting_kept(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(Due.AddDays(10)));
        var customer = await AddConsumerAsync(server);
        var invoice = await DunningTestData.AddInvoiceAsync(server.Database, server.Tenant, customer, "FA-RGPD-1", Due, 120m);
        // A task whose title Encaisse wrote (a catalogue message, shown in the reader's language) and a call noted with the name.
        var callBack = Encaisse.Dunning.Tasks.TaskTitles.Of("callBack");
        await using (var db = server.Database.For(server.Tenant))
        {
            db.Add(new CollectionTask
            {
                TenantId = server.Tenant.Id, CustomerId = customer.Id, Kind = CollectionTaskKind.Call, Title = callBack.French, TitleText = callBack.Stored,
                Outcome = "Rappeler " + Name, DueOn = Due, CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var export = await server.Api.GetStringAsync("/api/v1/gdpr/customers/C-VALMOREL/export");
        export.ShouldContain(Email);
        export.ShouldContain(Iban);
        export.ShouldContain("FA-RGPD-1");

        // Open invoices: refused with a code, nothing changed.
        var refused = await server.Api.PostAsync("/api/v1/gdpr/customers/C-VALMOREL/erase", null);
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("gdpr.openInvoices");
        (await server.Api.GetStringAsync("/api/v1/gdpr/customers/C-VALMOREL/export")).ShouldContain(Email);

        var erased = await server.Api.PostAsync("/api/v1/gdpr/customers/C-VALMOREL/erase?force=true", null);
        erased.StatusCode.ShouldBe(HttpStatusCode.OK, await erased.Content.ReadAsStringAsync());

        await using (var db = server.Database.For(server.Tenant))
        {
            var after = await db.Customers.Include(c => c.Contacts).SingleAsync(c => c.Id == customer.Id);
            after.LegalName.ShouldStartWith("Personne ");
            after.PseudonymisedAt.ShouldNotBeNull();
            after.Contacts.Single().Email.ShouldBeNull();
            (await db.Invoices.CountAsync(i => i.Id == invoice.Id)).ShouldBe(1); // accounting records stay
            (await db.Payments.SingleAsync(p => p.CustomerId == customer.Id)).PayerIban.ShouldBeNull();
            // The task stays (the collections history) without its words: no title a page could still write from the catalogue.
            var task = await db.Set<CollectionTask>().SingleAsync(t => t.CustomerId == customer.Id);
            (task.Title, task.TitleText, task.Outcome).ShouldBe(("—", (string?)null, (string?)null));
            (await db.Set<AuditEntry>().Where(e => e.CustomerId == customer.Id && e.Action != "gdpr.erased").AllAsync(e => e.RedactedAt != null)).ShouldBeTrue();
        }

        // Nothing of the person is left anywhere in the database, the audit trail included.
        var dump = await DumpAsync(server.Database);
        dump.ShouldNotContain(Email);
        dump.ShouldNotContain(Iban);
        dump.ShouldNotContain(Name);
        dump.ShouldNotContain(Phone);
        dump.ShouldNotContain("Glycines");

        // Retention periods are settings; a business is not erased without force.
        (await server.Api.PutAsJsonAsync("/api/v1/gdpr/settings", new { contactDataYears = 2 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await server.Api.PutAsJsonAsync("/api/v1/gdpr/settings", new { accountingYears = 5 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/gdpr/settings")).GetProperty("contactDataYears").GetInt32().ShouldBe(2);
        await DunningTestData.AddCustomerAsync(server.Database, server.Tenant, "411SARL");
        var business = await server.Api.PostAsync("/api/v1/gdpr/customers/411SARL/erase", null);
        business.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_cli_exports_to_a_file_and_lists_who_is_due(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(Due.AddDays(10)));
        await AddConsumerAsync(server);
        var dbArg = CliProcess.DbArgument(server.Database);
        var file = Path.Combine(Path.GetTempPath(), $"gdpr-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, output, error) = await ConsoleCapture.RunCliAsync("gdpr", "export", "--customer", "C-VALMOREL", "--output", file, "--db", dbArg);
            exit.ShouldBe(0, error);
            output.ShouldNotContain(Email);
            var json = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
            json.GetProperty("contacts")[0].GetProperty("email").GetString().ShouldBe(Email);
            json.GetProperty("payments")[0].GetProperty("payerIban").GetString().ShouldBe(Iban);
            (await ConsoleCapture.RunCliAsync("gdpr", "export", "--customer", "NOBODY", "--output", file, "--db", dbArg)).Exit.ShouldBe(2);
            (await ConsoleCapture.RunCliAsync("gdpr", "settings", "--contact-years", "11", "--db", dbArg)).Exit.ShouldBe(2);
            // The only movement is a payment 60 days before the due date: not yet due at 3 years.
            (exit, output, _) = await ConsoleCapture.RunCliAsync("gdpr", "due", "--json", "--db", dbArg);
            exit.ShouldBe(0);
            JsonDocument.Parse(output).RootElement.GetArrayLength().ShouldBe(0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_full_journey_writes_no_email_iban_or_name_of_the_consumer_to_the_logs()
    {
        var logs = new ConcurrentQueue<string>();
        await using var sink = await SmtpSink.StartAsync();
        var clock = FakeClock.At(Due.AddDays(20));
        await using var server = await TestServer.StartAsync("sqlite", clock, o => o with
        {
            ConfigureLogging = l => l.SetMinimumLevel(LogLevel.Debug).AddProvider(new CapturingProvider(logs)),
        });

        // 1. Import: the consumer by the API, the invoice by a file.
        var created = await server.Api.PostAsJsonAsync("/api/v1/customers", new
        {
            @ref = "C-VALMOREL", legalName = Name, kind = "Consumer",
            address = new { line1 = "7 impasse des Glycines", postalCode = "69003", city = "Lyon", country = "FR" },
            contacts = new[] { new { name = Name, email = Email, phone = Phone, isPrimary = true } },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var csv = "Numéro de facture;Référence client;Raison sociale;Date facture;Date d'échéance;Montant TTC;Devise\n" +
                  $"FA-J-1;C-VALMOREL;{Name};01/01/2026;01/02/2026;240,00;EUR\n";
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "factures.csv" } })
        {
            var imported = await server.Api.PostAsync("/api/v1/imports/invoices", form);
            imported.StatusCode.ShouldBe(HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        }

        // 2. Dunning through the SMTP sink.
        await using (var db = server.Database.For(server.Tenant))
        {
            // The tenant's first settings come with the default plans (a consumer plan among them).
            var settings = await Encaisse.Dunning.Plans.DunningSetup.EnsureAsync(db, clock, default);
            (settings.SmtpHost, settings.SmtpPort, settings.SmtpSecurity, settings.FromAddress) = ("127.0.0.1", sink.Port, SmtpSecurity.None, "relances@acme.example");
            await db.SaveChangesAsync();
        }

        var run = await server.Api.PostAsJsonAsync("/api/v1/dunning/run", new { dryRun = false });
        run.StatusCode.ShouldBe(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
        var runBody = await run.Content.ReadAsStringAsync();
        sink.Messages().ShouldContain(m => m.To.Mailboxes.Any(b => b.Address == Email), "the reminder reached the consumer: " + runBody);

        // 3. A portal visit.
        Guid customerId;
        string url;
        await using (var db = server.Database.For(server.Tenant))
        {
            customerId = await db.Customers.Where(c => c.ExternalRef == "C-VALMOREL").Select(c => c.Id).SingleAsync();
            url = await PortalLinks.CreateAsync(db, customerId, clock.GetUtcNow(), 30, "test", default);
        }

        using (var visitor = new HttpClient { BaseAddress = server.BaseAddress })
        {
            (await visitor.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // 4. The bank credit, from the consumer's account, matched to the invoice.
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Camt(clock))), "file", "releve.xml" } })
        {
            var statement = await server.Api.PostAsync("/api/v1/bank/statements", form);
            statement.StatusCode.ShouldBe(HttpStatusCode.OK, await statement.Content.ReadAsStringAsync());
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            var credit = await db.Set<Encaisse.Payments.BankTransaction>().SingleAsync();
            credit.CounterpartyIban.ShouldBe(Iban);
            credit.Status.ShouldBe(Encaisse.Payments.BankTransactionStatus.Matched);
        }

        // Something was logged (the capture works), and none of it names the person.
        logs.ShouldNotBeEmpty();
        var all = string.Join("\n", logs);
        all.ShouldNotContain(Email);
        all.ShouldNotContain(Iban);
        all.ShouldNotContain(Name);
        all.ShouldNotContain("Valmorel");
    }

    private static string Camt(TimeProvider clock)
    {
        var day = clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
            <GrpHdr><MsgId>RGPD-1</MsgId><CreDtTm>{day}T08:00:00</CreDtTm></GrpHdr>
            <Stmt><Id>RGPD-STMT-1</Id><CreDtTm>{day}T08:00:00</CreDtTm>
            <Acct><Id><IBAN>FR7630004000031234567890143</IBAN></Id><Ccy>EUR</Ccy></Acct>
            <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>
            <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1240.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>
            <Ntry><Amt Ccy="EUR">240.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt>
            <BkTxCd/><NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
            <RltdPties><Dbtr><Nm>{Name}</Nm></Dbtr><DbtrAcct><Id><IBAN>{Iban}</IBAN></Id></DbtrAcct></RltdPties>
            <RmtInf><Ustrd>FACTURE FA-J-1</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
            </Stmt></BkToCstmrStmt></Document>
            """;
    }

    private static async Task<string> DumpAsync(TestDatabase database)
    {
        var text = new StringBuilder();
        await using var connection = database.Factory.OpenRawConnection();
        foreach (var table in new[] { "customers", "contacts", "payments", "bank_transaction", "timeline_event", "dunning_action", "audit_entries", "payer_alias", "customer_note" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var c = 0; c < reader.FieldCount; c++)
                {
                    text.Append(reader.IsDBNull(c) ? "" : Convert.ToString(reader.GetValue(c), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, logs);

        public void Dispose()
        {
        }

        private sealed class Capturing(string category, ConcurrentQueue<string> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
