using Encaisse.Risk;
using Encaisse.Risk.Registries;
using Shouldly;

namespace Encaisse.Tests.Risk;

public sealed class RegistryTests
{
    private static RegistryOptions Options(ReplayServer server, TimeSpan? attemptTimeout) => new()
    {
        RechercheEntreprisesUrl = server.Address, BodaccUrl = server.Address, RetryDelay = TimeSpan.FromMilliseconds(20),
        AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(20), Retries = 2,
    };

    private static (CompanyRegistry Companies, BodaccRegistry Bodacc, RegistryHttp Http) Clients(ReplayServer server, TimeSpan? attemptTimeout = null)
    {
        var options = Options(server, attemptTimeout);
        var http = new RegistryHttp("test", server.Address, 7, options, TimeProvider.System);
        return (new CompanyRegistry(http, options), new BodaccRegistry(http, options), http);
    }

    [Fact]
    public async Task Company_lookup_reads_the_documented_fields()
    {
        await using var server = await ReplayServer.StartAsync();
        var (companies, _, http) = Clients(server);
        using var _ = http;
        var company = (await companies.FindAsync("81280923400030", default)).ShouldNotBeNull();
        // Public annual accounts (finances) are read too (onboarding check, issue 18).
        company.Accounts.ShouldBe([new PublishedAccounts(2023, 0m, 437_133m)]);
        company.ShouldBe(new CompanyRecord("812809234", "BOULANGERIE DU NIL", true, new DateOnly(2015, 7, 2), null, "5499", "12", "10.71C",
            "81280923400014", "7 RUE DU NIL 75002 PARIS", "75002", "PARIS") { Accounts = company.Accounts });
        server.Requests.ShouldHaveSingleItem().ShouldBe("/search?q=81280923400030&page=1&per_page=1");

        var ceased = (await companies.FindAsync("833 310 592", default)).ShouldNotBeNull();
        ceased.Active.ShouldBeFalse();
        ceased.CeasedOn.ShouldBe(new DateOnly(2026, 6, 20));
        (await companies.FindAsync("123456789", default)).ShouldBeNull();
        Should.Throw<ArgumentException>(() => companies.FindAsync("12345", default));
    }

    [Fact]
    public async Task Answers_are_cached()
    {
        await using var server = await ReplayServer.StartAsync();
        var (companies, _, http) = Clients(server);
        using var _ = http;
        await companies.FindAsync("812809234", default);
        await companies.FindAsync("812809234", default);
        server.Requests.Count.ShouldBe(1);
        http.RequestsSent.ShouldBe(1);
    }

    [Fact]
    public async Task Too_many_requests_is_retried()
    {
        await using var server = await ReplayServer.StartAsync();
        server.TooManyRequestsFirst = 2;
        var (companies, _, http) = Clients(server);
        using var _ = http;
        var found = await Record.ExceptionAsync(() => companies.FindAsync("812809234", default));
        found.ShouldBeNull(string.Join(" | ", server.Requests) + " left " + server.TooManyRequestsFirst);
        server.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Timeouts_and_outages_become_a_readable_unavailable_error()
    {
        await using var server = await ReplayServer.StartAsync();
        var (companies, bodacc, http) = Clients(server, TimeSpan.FromMilliseconds(300));
        using var _ = http;
        server.Delay = TimeSpan.FromSeconds(5);
        var timeout = await Should.ThrowAsync<RegistryUnavailableException>(() => companies.FindAsync("812809234", default));
        timeout.Message.ShouldContain("did not answer");
        server.Requests.Count.ShouldBe(3);

        server.Delay = TimeSpan.Zero;
        server.Unavailable = true;
        (await Should.ThrowAsync<RegistryUnavailableException>(() => bodacc.CollectiveNoticesAsync("833310592", default))).Message.ShouldContain("503");
    }

    [Fact]
    public async Task Bodacc_notices_are_parsed_with_their_pitfalls()
    {
        await using var server = await ReplayServer.StartAsync();
        var (_, bodacc, http) = Clients(server);
        using var _ = http;
        var notices = await bodacc.CollectiveNoticesAsync("833310592", default);
        notices.Count.ShouldBe(2); // the third record is about another SIREN
        notices[0].ShouldBe(new InsolvencyNotice("A202002333642", "833310592", new DateOnly(2020, 11, 30), "TRIBUNAL DE COMMERCE DE BORDEAUX",
            "Jugement de clôture", "Jugement de clôture pour insuffisance d'actif", new DateOnly(2020, 11, 19)));
        notices[0].Opens.ShouldBeNull();
        notices[1].Opens.ShouldBe(InsolvencyKind.Redressement);
        notices[1].JudgmentDate.ShouldBe(new DateOnly(2026, 6, 2));
        (await bodacc.CollectiveNoticesAsync("812809234", default)).ShouldBeEmpty();
    }
}
