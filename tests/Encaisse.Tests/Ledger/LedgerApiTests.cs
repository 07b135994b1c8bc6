using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Ledger;

public sealed class LedgerApiTests
{
    private static readonly JsonSerializerOptions Json = Encaisse.Operations.JsonShape.Configure(new JsonSerializerOptions());

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Invoice_is_settled_by_payment_and_credit_note_with_derived_status(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(new DateOnly(2026, 3, 1)));
        var api = server.Api;
        // Credit notes applied by hand in this story (the automatic rule has its own test).
        (await api.PutAsJsonAsync("/api/v1/ledger/settings", new { creditNotes = "manual" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.PostAsJsonAsync("/api/v1/customers", new
        {
            @ref = "411DUPONT", legalName = "Boulangerie Dupont SARL", siren = "812809234", vatNumber = "FR04812809234",
            address = new { line1 = "3 place du Marché", postalCode = "69001", city = "Lyon" },
            contacts = new[] { new { name = "M. Dupont", email = "compta@dupont.example", isPrimary = true } },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await api.PostAsJsonAsync("/api/v1/invoices", new
        {
            number = "FA-001", customerRef = "411DUPONT", issueDate = "2026-01-10", dueDate = "2026-02-09",
            amountExclTax = 1000.00m, tax = 200.00m, amountInclTax = 1200.00m,
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await api.PostAsJsonAsync("/api/v1/invoices", new
        {
            number = "AV-001", customerRef = "411DUPONT", kind = "creditNote", issueDate = "2026-02-15", dueDate = "2026-02-15", amountInclTax = 100.00m,
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await api.PostAsJsonAsync("/api/v1/payments", new { reference = "VIR-1", receivedOn = "2026-02-20", amount = 700.00m })).StatusCode.ShouldBe(HttpStatusCode.Created);

        // An unidentified receipt is allocated: it takes the invoice's customer.
        (await api.PostAsJsonAsync("/api/v1/allocations", new { invoiceNumber = "FA-001", paymentReference = "VIR-1", amount = 700.00m })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var invoice = await api.GetFromJsonAsync<JsonElement>("/api/v1/invoices/FA-001");
        invoice.GetProperty("status").GetString().ShouldBe("overdue");
        invoice.GetProperty("open").GetDecimal().ShouldBe(500.00m);
        invoice.GetProperty("daysOverdue").GetInt32().ShouldBe(20);

        // Over-allocation is refused with the reason; the credit note settles 100 more.
        var tooMuch = await api.PostAsJsonAsync("/api/v1/allocations", new { invoiceNumber = "FA-001", creditNoteNumber = "AV-001", amount = 150.00m });
        tooMuch.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await tooMuch.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("allocation.sourceExhausted");
        problem.GetProperty("detail").GetString().ShouldBe("Only 100.00 EUR is left on AV-001 (150.00 EUR asked).");
        (await api.PostAsJsonAsync("/api/v1/allocations", new { invoiceNumber = "FA-001", creditNoteNumber = "AV-001" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var overdue = await api.GetAsync("/api/v1/invoices?customer=411DUPONT&status=overdue&pageSize=50").ShouldSucceed();
        (await overdue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")[0].GetProperty("number").GetString().ShouldBe("FA-001");
        var customer = await api.GetFromJsonAsync<JsonElement>("/api/v1/customers/411DUPONT");
        var balance = customer.GetProperty("balances")[0];
        balance.GetProperty("currency").GetString().ShouldBe("EUR");
        balance.GetProperty("open").GetDecimal().ShouldBe(400.00m);
        balance.GetProperty("balance").GetDecimal().ShouldBe(400.00m);

        // Pay the rest: the invoice is paid and has no open item left.
        await api.PostAsJsonAsync("/api/v1/payments", new { reference = "VIR-2", customerRef = "411DUPONT", receivedOn = "2026-02-25", amount = 450.00m }).ShouldSucceed();
        await api.PostAsJsonAsync("/api/v1/allocations", new { invoiceNumber = "FA-001", paymentReference = "VIR-2" }).ShouldSucceed();
        (await api.GetFromJsonAsync<JsonElement>("/api/v1/invoices/FA-001")).GetProperty("status").GetString().ShouldBe("paid");
        var items = await api.GetFromJsonAsync<JsonElement>("/api/v1/customers/411DUPONT/open-items");
        items.GetProperty("total").GetInt32().ShouldBe(0);
        // The 50.00 left over on VIR-2 is customer credit.
        var credit = await api.GetFromJsonAsync<JsonElement>("/api/v1/payments?unallocated=true");
        credit.GetProperty("items")[0].GetProperty("unallocated").GetDecimal().ShouldBe(50.00m);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_input_gets_field_errors_and_issued_invoices_cannot_be_altered(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var api = server.Api;
        var bad = await api.PostAsJsonAsync("/api/v1/customers", new { @ref = "411X", legalName = "", siren = "123456789", language = "de" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        errors.TryGetProperty("legalName", out _).ShouldBeTrue();
        errors.TryGetProperty("siren", out _).ShouldBeTrue();
        errors.TryGetProperty("language", out _).ShouldBeTrue();

        await api.PostAsJsonAsync("/api/v1/customers", new { @ref = "411X", legalName = "X SAS" }).ShouldSucceed();
        (await api.PostAsJsonAsync("/api/v1/customers", new { @ref = "411X", legalName = "X SAS" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await api.PostAsJsonAsync("/api/v1/invoices", new { number = "F1", customerRef = "411X", issueDate = "2026-01-10", dueDate = "2026-01-01", amountInclTax = 10m }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.PostAsJsonAsync("/api/v1/invoices", new { number = "F1", customerRef = "411X", issueDate = "2026-01-10", dueDate = "2026-02-10", amountInclTax = 10m }))
            .EnsureSuccessStatusCode();
        var alter = await api.PutAsJsonAsync("/api/v1/invoices/F1", new { amountInclTax = 12m });
        alter.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await alter.Content.ReadAsStringAsync()).ShouldContain("credit note");
        await api.PutAsJsonAsync("/api/v1/invoices/F1", new { purchaseOrderRef = "PO-77", isFactored = true }).ShouldSucceed();
        var updated = await api.GetFromJsonAsync<JsonElement>("/api/v1/invoices/F1");
        updated.GetProperty("purchaseOrderRef").GetString().ShouldBe("PO-77");
        updated.GetProperty("isFactored").GetBoolean().ShouldBeTrue();
        (await api.GetAsync("/api/v1/invoices?sort=colour")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var badStatus = await api.GetAsync("/api/v1/invoices?status=late");
        badStatus.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badStatus.Content.ReadAsStringAsync()).ShouldContain("partiallyPaid");
        (await api.GetAsync("/api/v1/invoices?status=PARTIALLYPAID")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lists_page_sort_and_filter(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var api = server.Api;
        foreach (var (reference, name, segment) in new[] { ("411C", "Charlie", "retail"), ("411A", "Alpha", "industry"), ("411B", "Bravo", "retail") })
        {
            await api.PostAsJsonAsync("/api/v1/customers", new { @ref = reference, legalName = name, segment }).ShouldSucceed();
        }

        var page = await api.GetFromJsonAsync<JsonElement>("/api/v1/customers?sort=-name&pageSize=2");
        page.GetProperty("total").GetInt32().ShouldBe(3);
        page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("legalName").GetString()).ShouldBe(["Charlie", "Bravo"]);
        var retail = await api.GetFromJsonAsync<JsonElement>("/api/v1/customers?segment=retail&page=2&pageSize=1");
        retail.GetProperty("items")[0].GetProperty("ref").GetString().ShouldBe("411C");
        var search = await api.GetFromJsonAsync<JsonElement>("/api/v1/customers?search=alp");
        search.GetProperty("items").GetArrayLength().ShouldBe(1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_requires_a_key_and_serves_health_and_openapi(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        (await anonymous.GetAsync("/api/v1/customers")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.DefaultRequestHeaders.Add("X-Api-Key", "enc_wrong");
        (await anonymous.GetAsync("/api/v1/customers")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var openApi = await anonymous.GetStringAsync("/openapi/v1.json");
        openApi.ShouldContain("/api/v1/invoices");
        openApi.ShouldContain("/api/v1/allocations");
    }
}

public sealed class ListCountTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Counts_are_exact_up_to_the_cap_and_flagged_beyond(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await using (var db = server.Database.For(server.Tenant))
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.AddRange(Enumerable.Range(0, Encaisse.Ledger.Api.ListQuery.CountCap + 1).Select(n => new Encaisse.Ledger.Payment
            {
                TenantId = server.Tenant.Id, Reference = $"P{n:00000}", ReceivedOn = new DateOnly(2026, 1, 1), AmountMinor = 100, Currency = "EUR",
            }));
            await db.SaveChangesAsync();
        }

        var all = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/payments?pageSize=10");
        all.GetProperty("total").GetInt32().ShouldBe(Encaisse.Ledger.Api.ListQuery.CountCap);
        all.GetProperty("totalIsLowerBound").GetBoolean().ShouldBeTrue();
        var some = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/payments?pageSize=10&from=2026-01-01&to=2025-12-31");
        some.GetProperty("total").GetInt32().ShouldBe(0);
        some.GetProperty("totalIsLowerBound").GetBoolean().ShouldBeFalse();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Put_with_contacts_replaces_them(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(new DateOnly(2026, 3, 1)));
        (await server.Api.PostAsJsonAsync("/api/v1/customers", new
        {
            @ref = "411CONTACT", legalName = "Contact SARL", siren = "812809234",
            contacts = new[] { new { name = "Ancien", email = "old@contact.example", isPrimary = true } },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var put = await server.Api.PutAsJsonAsync("/api/v1/customers/411CONTACT", new
        {
            @ref = "411CONTACT", legalName = "Contact SARL", siren = "812809234",
            contacts = new[] { new { name = "Nouvelle", email = "new@contact.example", isPrimary = true }, new { name = "Second", email = "b@contact.example", isPrimary = false } },
        });
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());

        await using var db = server.Database.For(server.Tenant);
        var contacts = await db.Set<Encaisse.Ledger.Contact>().AsNoTracking().OrderBy(c => c.Name).Select(c => c.Name).ToListAsync();
        contacts.ShouldBe(["Nouvelle", "Second"]);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Put_keeps_the_kind_and_direct_debit_it_does_not_name(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(new DateOnly(2026, 3, 1)));
        (await server.Api.PostAsJsonAsync("/api/v1/customers", new { @ref = "411PART", legalName = "Jean Martin", kind = "consumer", paysByDirectDebit = true }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var put = await server.Api.PutAsJsonAsync("/api/v1/customers/411PART", new { segment = "particuliers" });
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        await using (var db = server.Database.For(server.Tenant))
        {
            var kept = await db.Customers.AsNoTracking().SingleAsync(c => c.ExternalRef == "411PART");
            (kept.Kind, kept.PaysByDirectDebit, kept.Segment).ShouldBe((Encaisse.Ledger.CustomerKind.Consumer, true, "particuliers"));
        }

        (await server.Api.PutAsJsonAsync("/api/v1/customers/411PART", new { kind = "business", paysByDirectDebit = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var db = server.Database.For(server.Tenant))
        {
            var changed = await db.Customers.AsNoTracking().SingleAsync(c => c.ExternalRef == "411PART");
            (changed.Kind, changed.PaysByDirectDebit).ShouldBe((Encaisse.Ledger.CustomerKind.Business, false));
        }
    }
}
