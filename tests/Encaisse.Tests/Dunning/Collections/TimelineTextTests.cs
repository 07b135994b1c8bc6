using Encaisse.Dunning;
using Encaisse.Dunning.Holds;
using Encaisse.Dunning.Promises;
using Encaisse.Dunning.Tasks;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Dunning.Collections;

public sealed class TimelineTextTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var promise = Data(TimelineText.Of("promise.recorded", ("amount", new Money(123456, "EUR")), ("date", new DateOnly(2026, 12, 5)),
            ("channel", new Encaisse.Localization.Word("phone"))));
        var dispute = Data(TimelineText.Of("dispute.opened", ("invoices", "FA-1, FA-2"), ("reason", new Encaisse.Localization.Word("notReceived")),
            ("amount", new Money(5000, "EUR")), ("channel", new Encaisse.Localization.Word("portal"))));
        var cancelled = Data(TimelineText.Of("promise.cancelled", ("amount", new Money(100, "EUR")), ("date", new DateOnly(2026, 1, 2)), ("reason", null)));
        var hold = Data(TimelineText.Of("hold.added", ("hold", new Encaisse.Localization.Word("hold")), ("target", new Encaisse.Localization.Nested("hold.invoice")),
            ("target.number", "FA-9"), ("from", new DateOnly(2026, 3, 1)), ("until", new Encaisse.Localization.Nested("hold.until")),
            ("until.until", new DateOnly(2026, 3, 31)), ("reason", "litige commercial")));
        var replaced = Data(TimelineText.Of("dunning.cancelled", ("step", "step:2"), ("cycle", 1), ("reason", new Encaisse.Localization.Nested("planning.followsStep")),
            ("reason.step", 2), ("reason.previous", 1), ("reason.sent", new DateOnly(2026, 12, 1)), ("reason.due", new DateOnly(2026, 12, 8))));
        var sent = Data(TimelineText.Of("dunning.sent", ("step", "step:1"), ("channel", Encaisse.Localization.Word.Of(Encaisse.Dunning.DunningChannel.Email)),
            ("amount", new Money(84000, "EUR"))));
        return new TheoryData<string, string, string>
        {
            { replaced, "fr", "Relance n° 2 (cycle 1) annulée : l'étape 2 suit l'étape 1 envoyée le 01/12/2026 : prévue le 08/12/2026" },
            { replaced, "en", "Reminder no. 2 (cycle 1) cancelled: step 2 follows step 1 sent on 2026-12-01: due on 2026-12-08" },
            { sent, "fr", "Relance n° 1 envoyée (e-mail, " + Currencies.FormatFrench(84000, "EUR") + ")" },
            { sent, "en", "Reminder no. 1 sent (email, 840.00 EUR)" },
            { promise, "fr", "Promesse de paiement de 1 234,56 € pour le 05/12/2026 (téléphone)" },
            { promise, "en", "Promise to pay 1234.56 EUR by 2026-12-05 (phone)" },
            { dispute, "fr", "Litige ouvert sur FA-1, FA-2 (non reçu, 50,00 €) via portail" },
            { dispute, "en", "Dispute opened on FA-1, FA-2 (not received, 50.00 EUR) via portal" },
            { cancelled, "fr", "Promesse de paiement de 1,00 € pour le 02/01/2026 annulée" },
            { cancelled, "en", "Promise to pay 1.00 EUR by 2026-01-02 cancelled" },
            { hold, "fr", "Relances suspendues pour la facture FA-9 à partir du 01/03/2026 jusqu'au 31/03/2026 : litige commercial" },
            { hold, "en", "Dunning paused for invoice FA-9 from 2026-03-01 until 2026-03-31: litige commercial" },
        };
    }

    [Theory, MemberData(nameof(Cases))]
    public void Summaries_stored_as_data_are_written_in_the_readers_language(string data, string language, string expected) =>
        TimelineText.Render(data, language).ShouldBe(NoBreak(expected));

    [Theory]
    [InlineData(null)]
    [InlineData("{\"promiseId\":\"0195a5b0-0000-7000-8000-000000000001\"}")]
    [InlineData("{\"text\":{\"key\":\"unknown.kind\",\"args\":{}}}")]
    [InlineData("not json but with \"text\"")]
    public void Rows_without_text_data_keep_their_stored_summary(string? data) =>
        TimelineText.Render(data, "fr").ShouldBeNull();

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_timeline_reads_new_rows_in_french_or_english_and_old_rows_as_stored(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        await using var db = database.For(data.Tenant);
        var scope = data.Scope(db);
        db.Add(new TimelineEvent
        {
            TenantId = data.Tenant.Id, CustomerId = data.Dupont.Id, At = DateTimeOffset.UtcNow.AddDays(-3), Kind = "promise.recorded",
            Summary = "Promise to pay 10.00 EUR by 2026-01-01 (phone)", Data = "{\"promiseId\":\"0195a5b0-0000-7000-8000-000000000001\"}",
        });
        await db.SaveChangesAsync();
        await PromiseOperations.RecordAsync(scope, new RecordPromise("411DUPONT", 1600m, data.Today.AddDays(10), "email"), default);
        await DunningHoldOperations.CreateAsync(scope, new CreateHold("411DUPONT", DunningHoldKind.Manual, "attente avoir"), default);
        await NoteOperations.AddAsync(scope, "411DUPONT", "Rappeler la comptable", default);

        var french = await TimelineQueries.PageAsync(scope, "411DUPONT", 1, 50, null, default);
        var english = await TimelineQueries.PageAsync(scope, "411DUPONT", 1, 50, null, default, "en");

        french.Entries.Select(e => e.Summary).ShouldBe(new[]
        {
            "Note : Rappeler la comptable",
            "Relances suspendues pour le client à partir du 20/11/2026 jusqu'à levée : attente avoir",
            NoBreak("Promesse de paiement de 1 600,00 € pour le 30/11/2026 (e-mail)"),
            "Promise to pay 10.00 EUR by 2026-01-01 (phone)",
        }, ignoreOrder: true);
        english.Entries.Select(e => e.Summary).ShouldBe(new[]
        {
            "Note: Rappeler la comptable",
            "Dunning paused for the customer from 2026-11-20 until lifted: attente avoir",
            "Promise to pay 1600.00 EUR by 2026-11-30 (email)",
            "Promise to pay 10.00 EUR by 2026-01-01 (phone)",
        }, ignoreOrder: true);
    }

    private static string Data(System.Text.Json.Nodes.JsonObject text) => new System.Text.Json.Nodes.JsonObject { ["text"] = text }.ToJsonString();

    /// <summary>French amounts use narrow no-break spaces as thousands separators (as Currencies.FormatFrench writes them).</summary>
    private static string NoBreak(string text) => text.Replace("1 234,56", Currencies.FormatFrench(123456, "EUR").Replace(" €", "", StringComparison.Ordinal), StringComparison.Ordinal)
        .Replace("1 600,00 €", Currencies.FormatFrench(160000, "EUR"), StringComparison.Ordinal);
}
