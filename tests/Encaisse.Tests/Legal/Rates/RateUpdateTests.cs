using System.Text.Json;
using Encaisse.Legal.Rates;
using Encaisse.Legal.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;

namespace Encaisse.Tests.Legal.Rates;

/// <summary>
/// The rate sources read and the missing half-years stored, against a local server replaying recorded answers
/// (Fixtures/Legal/rates, MANIFEST), including the sources' bad days. No test calls the real services.
/// </summary>
[Collection("Console")]
public sealed class RateUpdateTests
{
    private static readonly HalfYear H2026H1 = HalfYear.Parse("2026H1");
    private static readonly HalfYear H2026H2 = HalfYear.Parse("2026H2");

    [Fact]
    public void The_recorded_ecb_series_gives_the_rate_of_the_reference_table_on_the_first_day_of_every_half_year()
    {
        var observations = EcbRateSeries.Parse(File.ReadAllText(RateSourceServer.Fixture("ecb-mro.csv")));
        foreach (var rate in RateTable.Embedded.All)
        {
            EcbRateSeries.InForceOn(observations, rate.HalfYear.Start)!.Value.Rate.ShouldBe(rate.EcbRate, $"{rate.HalfYear}");
        }

        // The first hike took effect on 27 July 2022: 2022H2 keeps 0 %; the one of 21 December 2022 sets 2023H1.
        EcbRateSeries.InForceOn(observations, new DateOnly(2022, 7, 1))!.Value.Rate.ShouldBe(0m);
        EcbRateSeries.InForceOn(observations, new DateOnly(2023, 1, 1))!.Value.Since.ShouldBe(new DateOnly(2022, 12, 21));
        EcbRateSeries.InForceOn(observations, new DateOnly(2014, 1, 1)).ShouldBeNull();
    }

    [Fact]
    public void The_recorded_legal_rates_are_those_of_the_reference_table()
    {
        var legal = LegalRateSeries.Parse(File.ReadAllText(RateSourceServer.Fixture("legal-rates.csv")));
        legal.Count.ShouldBe(RateTable.Embedded.All.Count);
        foreach (var rate in RateTable.Embedded.All)
        {
            legal[rate.HalfYear].ShouldBe((rate.LegalRatePersonal, rate.LegalRateOther), $"{rate.HalfYear}");
        }
    }

    [Theory]
    [InlineData("2026-S2", "2026H2")]
    [InlineData("2026S1", "2026H1")]
    [InlineData("2026H2", "2026H2")]
    [InlineData("1er semestre 2026", "2026H1")]
    [InlineData("2nd semestre 2026", "2026H2")]
    [InlineData("Second semestre 2025", "2025H2")]
    [InlineData("2026-07-01", "2026H2")]
    [InlineData("01/01/2026", "2026H1")]
    public void Legal_rate_periods_are_read_in_the_forms_publishers_write_them(string text, string expected)
    {
        LegalRateSeries.TryHalfYear(text, out var half).ShouldBeTrue();
        half.ShouldBe(HalfYear.Parse(expected));
    }

    [Theory]
    [InlineData("ecb-cut.csv", "'n/a' is not a rate")]
    [InlineData("ecb-html.csv", "no TIME_PERIOD and OBS_VALUE")]
    public void Unreadable_ecb_answers_say_why(string file, string reason)
    {
        Should.Throw<RateSourceFormatException>(() => EcbRateSeries.Parse(File.ReadAllText(RateSourceServer.Fixture(file))))
            .Message.ShouldContain(reason);
    }

    [Fact]
    public void A_legal_rates_file_without_its_columns_is_refused()
    {
        Should.Throw<RateSourceFormatException>(() => LegalRateSeries.Parse("Semestre;Taux\n2026-S1;6,67\n")).Message.ShouldContain("autres cas");
        Should.Throw<RateSourceFormatException>(() => LegalRateSeries.Parse("Semestre;Particuliers;Autres cas\n2026-S1;6,67;beaucoup\n")).Message.ShouldContain("'beaucoup'");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_update_stores_the_missing_half_year_with_its_origin_and_the_next_one_asks_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = await RateSourceServer.StartAsync();
        using var client = Client(server);
        var clock = FakeClock.At(new DateOnly(2026, 9, 1));
        await using var db = database.Factory.Create();
        (await ReferenceRateStore.LoadAsync(db)).IsProvisional(H2026H2).ShouldBeTrue();

        var report = (await RateUpdate.RunAsync(db, client, clock, null, CancellationToken.None)).Value;

        var line = report.HalfYears.ShouldHaveSingleItem();
        (line.HalfYear, line.Outcome, line.Ecb, line.LegalPersonal, line.LegalOther).ShouldBe(("2026H2", "added", 2.15m, 6.51m, 2.47m));
        report.UpToDate.ShouldBeTrue();
        server.Requests.ShouldContain(r => r.Contains("startPeriod=2016-07-01", StringComparison.Ordinal) && r.Contains("format=csvdata", StringComparison.Ordinal));
        var row = await db.Set<ReferenceRateRow>().AsNoTracking().SingleAsync(r => r.HalfYear == "2026H2");
        row.Source.ShouldBe(ReferenceRateRow.Fetched);
        row.Origin.ShouldNotBeNull().ShouldContain("observation of 2025-06-11");
        row.UpdatedAt.ShouldBe(clock.GetUtcNow());
        var table = await ReferenceRateStore.LoadAsync(db);
        table.IsProvisional(H2026H2).ShouldBeFalse();
        table.For(H2026H2).DefaultPenaltyRate.ShouldBe(12.15m);
        table.For(H2026H2).Source.ShouldBe("fetched");

        var requests = server.Requests.Count;
        (await RateUpdate.RunAsync(db, client, clock, null, CancellationToken.None)).Value.HalfYears.ShouldBeEmpty();
        server.Requests.Count.ShouldBe(requests);

        // A new start (migration, seeding) leaves the fetched row as it is.
        await database.Factory.MigrateAsync();
        (await db.Set<ReferenceRateRow>().AsNoTracking().SingleAsync(r => r.HalfYear == "2026H2")).Source.ShouldBe(ReferenceRateRow.Fetched);
    }

    [Fact]
    public async Task Legal_rates_not_published_yet_leave_the_half_year_provisional_and_say_so()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var server = await RateSourceServer.StartAsync();
        server.LegalFile = "legal-rates.csv";
        using var client = Client(server);
        await using var db = database.Factory.Create();

        var report = (await RateUpdate.RunAsync(db, client, FakeClock.At(new DateOnly(2026, 7, 2)), null, CancellationToken.None)).Value;

        var line = report.HalfYears.ShouldHaveSingleItem();
        line.Outcome.ShouldBe("pending");
        line.Reason.ShouldNotBeNull().ShouldContain("not in the source yet");
        line.Reason.ShouldContain("2.15 %");
        report.UpToDate.ShouldBeFalse();
        var table = await ReferenceRateStore.LoadAsync(db);
        table.IsProvisional(H2026H2).ShouldBeTrue();
        table.ForComputation(H2026H2).ShouldBe(table.For(H2026H1));
    }

    [Fact]
    public async Task A_rate_a_person_set_is_never_overwritten_and_the_difference_is_reported()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var server = await RateSourceServer.StartAsync();
        using var client = Client(server);
        await using var db = database.Factory.Create();
        await ReferenceRateStore.SetAsync(db, new ReferenceRate(H2026H1, 2.00m, 6.67m, 2.62m), DateTimeOffset.UtcNow);

        var report = (await RateUpdate.RunAsync(db, client, FakeClock.At(new DateOnly(2026, 9, 1)), H2026H1, CancellationToken.None)).Value;

        report.HalfYears.Select(h => (h.HalfYear, h.Outcome)).ShouldBe([("2026H1", "keptOverride"), ("2026H2", "added")]);
        report.KeptOverrides.Single().Reason.ShouldNotBeNull().ShouldContain("ECB 2.15 %");
        var table = await ReferenceRateStore.LoadAsync(db);
        table.For(H2026H1).EcbRate.ShouldBe(2.00m);
        table.For(H2026H1).Source.ShouldBe("override");
    }

    [Theory]
    [InlineData("ecb500", "rates.sourceUnavailable", "HTTP 500")]
    [InlineData("timeout", "rates.sourceUnavailable", "no answer within")]
    [InlineData("cut", "rates.sourceMalformed", "'n/a' is not a rate")]
    [InlineData("html", "rates.sourceMalformed", "no TIME_PERIOD")]
    [InlineData("legal503", "rates.sourceUnavailable", "HTTP 503")]
    public async Task A_failed_update_leaves_the_table_as_it_was_and_says_why(string trouble, string code, string reason)
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var server = await RateSourceServer.StartAsync();
        switch (trouble)
        {
            case "ecb500": server.EcbStatus = 500; break;
            case "timeout": server.EcbDelay = TimeSpan.FromSeconds(30); break;
            case "cut": server.EcbFile = "ecb-cut.csv"; break;
            case "html": server.EcbFile = "ecb-html.csv"; break;
            default: server.LegalStatus = 503; break;
        }

        using var client = Client(server, attemptTimeout: TimeSpan.FromMilliseconds(300));
        await using var db = database.Factory.Create();
        var before = await db.Set<ReferenceRateRow>().AsNoTracking().OrderBy(r => r.HalfYear).ToListAsync();

        var result = await RateUpdate.RunAsync(db, client, FakeClock.At(new DateOnly(2026, 9, 1)), null, CancellationToken.None);

        result.IsOk.ShouldBeFalse();
        result.Error!.Code.ShouldBe(code);
        result.Error.Message("en").ShouldContain(reason);
        result.Error.Message("en").ShouldContain("nothing was stored");
        result.Error.Message("fr").ShouldContain("rien n'a été enregistré");
        var after = await db.Set<ReferenceRateRow>().AsNoTracking().OrderBy(r => r.HalfYear).ToListAsync();
        after.Select(r => (r.HalfYear, r.EcbRate, r.Source)).ShouldBe(before.Select(r => (r.HalfYear, r.EcbRate, r.Source)));
        var table = await ReferenceRateStore.LoadAsync(db);
        table.IsProvisional(H2026H2).ShouldBeTrue();
        table.ForComputation(H2026H2).EcbRate.ShouldBe(2.15m);
    }

    [Fact]
    public async Task The_rates_job_fetches_only_while_today_s_half_year_is_provisional()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var server = await RateSourceServer.StartAsync();
        var clock = FakeClock.At(new DateOnly(2026, 9, 1));
        var job = new RatesUpdateJob(database.Factory, clock, NullLogger<RatesUpdateJob>.Instance) { Options = Options(server) };

        var first = await job.RunOnceAsync(CancellationToken.None);
        first.ShouldNotBeNull().Value.Added.Single().HalfYear.ShouldBe("2026H2");
        var requests = server.Requests.Count;
        (await job.RunOnceAsync(CancellationToken.None)).ShouldBeNull();
        server.Requests.Count.ShouldBe(requests);

        server.EcbStatus = 500;
        clock.SetDate(new DateOnly(2027, 1, 2));
        var failed = await job.RunOnceAsync(CancellationToken.None);
        failed.ShouldNotBeNull().IsOk.ShouldBeFalse();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cli_update_prints_what_it_stored_and_exits_1_when_a_source_fails(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = await RateSourceServer.StartAsync();
        var dbArg = provider == "sqlite" ? "sqlite:" + database.Target.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal) : database.Target.ConnectionString;
        string[] urls = ["--ecb-url", server.EcbUrl.AbsoluteUri, "--legal-url", server.LegalUrl.AbsoluteUri, "--db", dbArg];

        server.EcbStatus = 500;
        var (failExit, _, failErr) = await LegalCli.RunAsync(["rates", "update", .. urls, "--json"]);
        failExit.ShouldBe(1);
        failErr.ShouldContain("ECB Data Portal did not answer usefully (HTTP 500)");

        server.EcbStatus = 200;
        var (exit, stdout, _) = await LegalCli.RunAsync(["rates", "update", .. urls, "--json"]);
        exit.ShouldBe(0);
        var added = JsonDocument.Parse(stdout).RootElement.GetProperty("halfYears").EnumerateArray()
            .Single(h => h.GetProperty("halfYear").GetString() == "2026H2");
        added.GetProperty("outcome").GetString().ShouldBe("added");
        added.GetProperty("ecb").GetDecimal().ShouldBe(2.15m);

        var (listExit, listOut, _) = await LegalCli.RunAsync("rates", "list", "--db", dbArg, "--json");
        listExit.ShouldBe(0);
        JsonDocument.Parse(listOut).RootElement.EnumerateArray().Single(r => r.GetProperty("halfYear").GetString() == "2026H2")
            .GetProperty("source").GetString().ShouldBe("fetched");

        var (badExit, _, badErr) = await LegalCli.RunAsync(["rates", "update", "--ecb-url", "ftp://example", "--db", dbArg]);
        badExit.ShouldBe(2);
        badErr.ShouldContain("--ecb-url");
    }

    private static RateSourceOptions Options(RateSourceServer server, TimeSpan? attemptTimeout = null) => new()
    {
        EcbUrl = server.EcbUrl,
        LegalUrl = server.LegalUrl,
        Retries = 1,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(20),
    };

    private static RateSourceClient Client(RateSourceServer server, TimeSpan? attemptTimeout = null) => new(Options(server, attemptTimeout));
}
