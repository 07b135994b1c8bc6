using System.Collections.Concurrent;
using Encaisse.Dunning;
using Encaisse.Dunning.Channels;
using Encaisse.Dunning.Plans;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Tests.Dunning.Running;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Channels;

/// <summary>SMS go to valid mobile numbers only, in E.164; a landline or an invalid number turns the step into a call task.</summary>
public sealed class SmsRecipientTests
{
    private static readonly DateOnly Due = new(2026, 3, 16);

    [Theory]
    // French mobiles 06 / 07, in every way people write them.
    [InlineData("06 12 34 56 78", "FR", PhoneKind.Mobile, "+33612345678")]
    [InlineData("0781234567", "FR", PhoneKind.Mobile, "+33781234567")]
    [InlineData("06.12.34.56.78", null, PhoneKind.Mobile, "+33612345678")]
    [InlineData("+33 6 12 34 56 78", "FR", PhoneKind.Mobile, "+33612345678")]
    [InlineData("+33 (0)6 12 34 56 78", "FR", PhoneKind.Mobile, "+33612345678")]
    [InlineData("0033 7 81 23 45 67", "FR", PhoneKind.Mobile, "+33781234567")]
    [InlineData("+33612345678", "DE", PhoneKind.Mobile, "+33612345678")]
    // French landlines 01 to 05 and 09 (the stored "05 55 53 77 41" of the issue).
    [InlineData("05 55 53 77 41", "FR", PhoneKind.Landline, "+33555537741")]
    [InlineData("01 42 68 53 00", "FR", PhoneKind.Landline, "+33142685300")]
    [InlineData("04 78 00 00 00", "FR", PhoneKind.Landline, "+33478000000")]
    [InlineData("09 72 10 10 10", "FR", PhoneKind.OtherVoice, "+33972101010")]
    [InlineData("+33 1 42 68 53 00", "BE", PhoneKind.Landline, "+33142685300")]
    // Toll-free and shared-cost numbers can be called, not texted.
    [InlineData("0 800 00 00 00", "FR", PhoneKind.OtherVoice, "+33800000000")]
    // Overseas departments: own country code, written nationally with country FR or with their region.
    [InlineData("0692 12 34 56", "FR", PhoneKind.Mobile, "+262692123456")]
    [InlineData("0692 12 34 56", "RE", PhoneKind.Mobile, "+262692123456")]
    [InlineData("0262 12 34 56", "RE", PhoneKind.Landline, "+262262123456")]
    [InlineData("0690 12 34 56", "GP", PhoneKind.Mobile, "+590690123456")]
    [InlineData("0696 12 34 56", "FR", PhoneKind.Mobile, "+596696123456")]
    [InlineData("+262 692 40 12 34", "FR", PhoneKind.Mobile, "+262692401234")]
    // Foreign numbers, in the customer's country or written internationally.
    [InlineData("0470 12 34 56", "BE", PhoneKind.Mobile, "+32470123456")]
    [InlineData("02 512 34 56", "BE", PhoneKind.Landline, "+3225123456")]
    [InlineData("+49 151 23456789", "FR", PhoneKind.Mobile, "+4915123456789")]
    [InlineData("030 1234567", "DE", PhoneKind.Landline, "+49301234567")]
    [InlineData("+44 7400 123456", "FR", PhoneKind.Mobile, "+447400123456")]
    [InlineData("+1 212 555 0123", "FR", PhoneKind.OtherVoice, "+12125550123")]
    // Garbage.
    [InlineData("06 12 34", "FR", PhoneKind.Invalid, null)]
    [InlineData("06 12 34 56 78 90 12", "FR", PhoneKind.Invalid, null)]
    [InlineData("appeler le standard", "FR", PhoneKind.Invalid, null)]
    [InlineData("00 00 00 00 00", "FR", PhoneKind.Invalid, null)]
    [InlineData("+33 6 12", "FR", PhoneKind.Invalid, null)]
    [InlineData("", "FR", PhoneKind.Missing, null)]
    [InlineData(null, "FR", PhoneKind.Missing, null)]
    [InlineData("06 12 34 56 78", "XX", PhoneKind.Mobile, "+33612345678")]
    public void Numbers_are_read_in_the_customer_s_country_and_only_mobiles_take_an_sms(string? stored, string? country, PhoneKind kind, string? e164)
    {
        var check = PhoneRules.Check(stored, country);

        check.Kind.ShouldBe(kind);
        check.E164.ShouldBe(e164);
        check.CanText.ShouldBe(kind == PhoneKind.Mobile);
        check.CanCall.ShouldBe(kind is PhoneKind.Mobile or PhoneKind.Landline or PhoneKind.OtherVoice);
        (check.Reason is null).ShouldBe(kind == PhoneKind.Mobile);
    }

    [Fact]
    public async Task A_mobile_gets_the_sms_in_e164_and_a_landline_becomes_a_call_task_for_the_collector()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        var mobile = await DunningTestData.AddCustomerAsync(database, tenant, "411MOBILE", phone: "06 12 34 56 78");
        var landline = await DunningTestData.AddCustomerAsync(database, tenant, "411FIXE", phone: "05 55 53 77 41");
        var garbage = await DunningTestData.AddCustomerAsync(database, tenant, "411FAUX", phone: "06 12 34");
        var none = await DunningTestData.AddCustomerAsync(database, tenant, "411AUCUN", phone: null);
        foreach (var customer in new[] { mobile, landline, garbage, none })
        {
            await DunningTestData.AddInvoiceAsync(database, tenant, customer, "F-" + customer.ExternalRef, Due, 75.5m);
        }

        await DunningTestData.SettingsAsync(database, tenant, s => s.SmsUrl = "http://127.0.0.1:9/unused");
        await using (var db = database.For(tenant))
        {
            var plan = await db.Set<DunningPlan>().Include(p => p.Steps).SingleAsync(p => p.ForKind == CustomerKind.Business);
            plan.Steps.Single(s => s.Number == 2).Channel = DunningChannel.Sms;
            await db.SaveChangesAsync();
        }

        var sms = new RecordingSms();
        var runner = new DunningRunner(database.Factory, FakeClock.At(Due.AddDays(4)), new DunningChannels { Sms = sms });
        await runner.RunAsync(tenant, new DunningRunOptions(), default);

        sms.Sent.ShouldHaveSingleItem().To.ShouldBe("+33612345678");
        var actions = (await DunningTestData.ActionsAsync(database, tenant)).ToDictionary(a => a.CustomerId);
        actions[mobile.Id].Channel.ShouldBe(DunningChannel.Sms);
        actions[mobile.Id].Recipient.ShouldBe("+33612345678");
        actions[mobile.Id].Status.ShouldBe(DunningActionStatus.Sent);

        actions[landline.Id].Channel.ShouldBe(DunningChannel.Call);
        actions[landline.Id].StepNumber.ShouldBe(2);
        actions[landline.Id].Status.ShouldBe(DunningActionStatus.Sent);
        actions[landline.Id].Subject.ShouldNotBeNull().ShouldStartWith("SMS non envoyé (+33555537741 n'est pas un numéro de mobile) : appeler à la place. Appeler Client 411FIXE SARL");
        actions[garbage.Id].Channel.ShouldBe(DunningChannel.Call);
        actions[garbage.Id].Subject.ShouldNotBeNull().ShouldStartWith("SMS non envoyé (le numéro 06 12 34 n'est pas valide) : le corriger, puis appeler.");

        actions[none.Id].Channel.ShouldBe(DunningChannel.Sms);
        actions[none.Id].Status.ShouldBe(DunningActionStatus.Skipped);
        actions[none.Id].LastError.ShouldBe("no phone number for this customer");

        await using var check = database.For(tenant);
        var tasks = await check.Set<CollectionTask>().AsNoTracking().ToListAsync();
        tasks.Count.ShouldBe(2);
        tasks.ShouldAllBe(t => t.Kind == CollectionTaskKind.Call && t.AssignedTo == "marie.durand");
        tasks.Select(t => t.CustomerId).ShouldBe([landline.Id, garbage.Id], ignoreOrder: true);
    }

    private sealed class RecordingSms : ISmsProvider
    {
        public ConcurrentQueue<(string To, string Text)> Sent { get; } = new();

        public Task<string> SendAsync(DunningSettings settings, string to, string text, CancellationToken ct)
        {
            Sent.Enqueue((to, text));
            return Task.FromResult("200 {\"id\":\"recorded\"}");
        }
    }
}
