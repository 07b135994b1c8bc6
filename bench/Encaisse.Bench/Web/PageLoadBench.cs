using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Encaisse.Demo;
using Encaisse.Storage;
using Encaisse.Web;
using Encaisse.Web.Api;
using Encaisse.Web.Users;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Bench.Web;

/// <summary>
/// Every back-office page and the list APIs under concurrent load, with wrk (issue 15: p95 &lt; 300 ms at 1,000,000
/// invoices / 100,000 customers on PostgreSQL under 32 concurrent users). The portfolio is the demo's generator
/// (optionally with the demo's day: scores, reminders, bank credits, so the queues have rows); the real server runs on
/// loopback; the demo credit manager's cookie (pages) or an API key (API) is sent by wrk; wrk's own latency percentiles
/// are printed (a Lua <c>done</c> hook gives p50/p95/p99). Baseline, in the same run: the cheapest possible SQL, a page
/// of 50 customer names read from the name index, timed in-process.
/// Usage: web-pages [--customers N] [--invoices-per-month X] [--months M] [--pg CONNECTION] [--connections 32] [--seconds 10] [--no-day]
/// [--prepare | --reuse [--hold] [--only URLS] [--insured]] [--warm SECONDS]. <c>--insured</c> measures the tenant with a credit-insurance
/// policy (90-day declarations, a discretionary limit of 20,000 € per buyer), set before and removed after, so the dashboard and
/// the declarations queue have invoices to declare (the demo has no insurance). On PostgreSQL, <c>--prepare</c> only writes the portfolio (and the demo's day) and keeps it;
/// <c>--reuse</c> measures the last portfolio prepared in that database, so the long generation can run while the
/// machine is busy and the measurement when it is quiet.
/// </summary>
internal static partial class PageLoadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var customers = (int)Number(args, "--customers", 2_000);
        var perMonth = Number(args, "--invoices-per-month", 1.0);
        var months = (int)Number(args, "--months", 24);
        var connections = (int)Number(args, "--connections", 32);
        var seconds = (int)Number(args, "--seconds", 10);
        var pg = Text(args, "--pg");
        var withDay = !args.Contains("--no-day");
        var prepare = args.Contains("--prepare");
        var reuse = args.Contains("--reuse");
        warmSeconds = (int)Number(args, "--warm", 10);
        if ((prepare || reuse) && pg is null)
        {
            Console.Error.WriteLine("--prepare and --reuse need --pg (a SQLite portfolio is a temporary file).");
            return 2;
        }

        var sqlitePath = Path.Combine(Path.GetTempPath(), $"encaisse-bench-pages-{Guid.NewGuid():N}.db");
        var target = pg is null ? DatabaseTarget.Sqlite(sqlitePath) : DatabaseTarget.Parse(pg);
        var factory = new DatabaseFactory(target);
        try
        {
            await factory.MigrateAsync();
            var clock = TimeProvider.System;
            var watch = Stopwatch.StartNew();
            if (reuse)
            {
                return args.Contains("--insured")
                    ? await InsuredAsync(factory, clock, () => MeasureAsync(factory, clock, connections, seconds, args.Contains("--hold"), Text(args, "--only")))
                    : await MeasureAsync(factory, clock, connections, seconds, args.Contains("--hold"), Text(args, "--only"));
            }

            var counts = await DemoSetup.GenerateAsync(factory, "bench" + Guid.NewGuid().ToString("N")[..6], new DemoOptions(customers, 42, months, perMonth), clock, null, default);
            Console.WriteLine($"seeded {counts.Customers:N0} customers, {counts.Invoices:N0} invoices in {watch.Elapsed.TotalSeconds:F1} s ({target.Describe()})");
            Encaisse.Ledger.Tenant tenant;
            await using (var db = factory.Create())
            {
                tenant = await db.Tenants.AsNoTracking().OrderByDescending(t => t.Id).FirstAsync();
            }

            if (withDay)
            {
                watch.Restart();
                var day = await DemoDay.RunOnceAsync(factory, tenant, clock, default);
                Console.WriteLine($"demo day in {watch.Elapsed.TotalSeconds:F1} s: {day}");
            }

            if (prepare)
            {
                Console.WriteLine($"prepared tenant {tenant.Code}; measure it with --reuse");
                return 0;
            }

            return await MeasureAsync(factory, clock, connections, seconds);
        }
        finally
        {
            if (pg is null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(sqlitePath) + "*"))
                {
                    File.Delete(file);
                }
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="measure"/> with a credit-insurance policy on the newest tenant (which must have none), then
    /// removes it: the bench's own scaffolding, so that a later run without <c>--insured</c> measures the tenant as generated.
    /// </summary>
    private static async Task<int> InsuredAsync(DatabaseFactory factory, TimeProvider clock, Func<Task<int>> measure)
    {
        Encaisse.Ledger.Tenant tenant;
        await using (var db = factory.Create())
        {
            tenant = await db.Tenants.AsNoTracking().OrderByDescending(t => t.Id).FirstAsync();
        }

        await using (var db = factory.Create(tenant.Id))
        {
            if (await Encaisse.Risk.Insurance.InsuranceOperations.PolicyAsync(db, default) is { } existing)
            {
                Console.Error.WriteLine($"--insured: tenant {tenant.Code} already has policy {existing.PolicyNumber} (left by a run killed before its end?); remove it first.");
                return 2;
            }

            var set = await Encaisse.Risk.Insurance.InsuranceOperations.SetPolicyAsync(db, tenant,
                new Encaisse.Risk.Insurance.PolicyInput("Bench Assurance", "BENCH-1", 90, 120, 90m, 20_000m, null, null), clock, default);
            if (!set.IsOk)
            {
                throw new InvalidOperationException($"--insured: the policy was refused: {set.Error}");
            }

            var stages = (await Encaisse.Risk.Insurance.InsuranceOperations.DeadlinesAsync(db, tenant, Encaisse.Ledger.BusinessCalendar.Today(clock, tenant.TimeZone), default)).GroupBy(r => r.Stage);
            Console.WriteLine($"insured: policy BENCH-1 set; invoices to declare: {string.Join(", ", stages.Select(g => $"{g.Key} {g.Count():N0}"))}");
        }

        try
        {
            return await measure();
        }
        finally
        {
            await using var db = factory.Create(tenant.Id);
            await db.Set<Encaisse.Risk.InsurancePolicy>().Where(p => p.PolicyNumber == "BENCH-1").ExecuteDeleteAsync();
            Console.WriteLine("insured: policy BENCH-1 removed");
        }
    }

    /// <summary>Measures the last portfolio written in the database (the newest tenant).</summary>
    /// <param name="only">Comma-separated URLs to measure (to measure one change again), see <see cref="Selects"/>.</param>
    private static async Task<int> MeasureAsync(DatabaseFactory factory, TimeProvider clock, int connections, int seconds, bool hold = false, string? only = null)
    {
        var target = factory.Target;
        Encaisse.Ledger.Tenant tenant;
        await using (var db = factory.Create())
        {
            tenant = await db.Tenants.AsNoTracking().OrderByDescending(t => t.Id).FirstAsync();
            Console.WriteLine($"measuring tenant {tenant.Code}: {await db.Set<Encaisse.Ledger.Customer>().IgnoreQueryFilters().CountAsync(c => c.TenantId == tenant.Id):N0} customers, "
                + $"{await db.Set<Encaisse.Ledger.Invoice>().IgnoreQueryFilters().CountAsync(i => i.TenantId == tenant.Id):N0} invoices ({target.Describe()})");
        }

        {
            var users = await DemoUsers.EnsureAsync(factory, tenant.Id, clock, default);
            var (key, clearKey) = ApiKey.Issue(tenant.Id, "bench", clock.GetUtcNow());
            Guid customer, invoice;
            await using (var db = factory.Create(tenant.Id))
            {
                db.Add(key);
                await db.SaveChangesAsync();
                customer = await db.Customers.OrderBy(c => c.ExternalRef).Select(c => c.Id).FirstAsync();
                invoice = await db.Invoices.Where(i => i.CustomerId == customer).OrderBy(i => i.DueDate).Select(i => i.Id).FirstAsync();
            }

            var app = EncaisseServer.Build(new ServerOptions(target, "http://127.0.0.1:0") { Clock = clock, RunScheduler = false });
            await app.StartAsync();
            var baseAddress = new Uri(app.Urls.First());
            var cookie = await SignInAsync(baseAddress, users.First(u => u.Role == UserRole.CreditManager).Login);

            if (hold)
            {
                // --reuse --hold: serve the prepared portfolio (no scheduler) for single requests by hand, until killed.
                Console.WriteLine($"serving {baseAddress}\ncookie: {cookie}\nX-Api-Key: {clearKey}\ncustomer {customer}, invoice {invoice}");
                await Task.Delay(Timeout.Infinite);
            }

            var baseline = await BaselineAsync(factory, tenant.Id);
            Console.WriteLine($"baseline (cheapest SQL: 50 names from the name index), in-process p50 {baseline.P50:F2} ms, p95 {baseline.P95:F2} ms");
            Console.WriteLine($"wrk -t2 -c{connections} -d{seconds}s, load average before: {LoadAverage()}");
            string[] pages =
            [
                "/", "/customers", "/customers?page=20", "/customers?overdue=true&sort=Overdue&desc=true", $"/customers/{customer}", $"/invoices/{invoice}",
                "/queues", "/queues/approvals", "/queues/calls", "/queues/failures", "/queues/bank", "/settings/plans", "/settings/templates",
                "/invoices", "/invoices?status=overdue", "/invoices?q=dupont", "/payments", "/payments?q=dupont", "/disputes", "/promises", "/reports",
                "/search?q=dupont", "/customers?q=dupont", "/factoring", "/imports", "/queues/declarations", "/settings/users",
            ];
            string[] apis =
            [
                "/api/v1/customers", "/api/v1/customers?page=5", "/api/v1/invoices?status=overdue", "/api/v1/invoices", "/api/v1/payments",
                "/api/v1/disputes", "/api/v1/promises", "/api/v1/tasks", "/api/v1/dunning/actions",
            ];
            var wanted = only?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var selected = pages.Select(p => (Path: p, Header: "Cookie: " + cookie))
                .Concat(apis.Select(p => (Path: p, Header: "X-Api-Key: " + clearKey)))
                .Where(u => wanted is null || wanted.Any(w => Selects(w, u.Path)))
                .ToList();

            // First a warm-up round over every selected URL, untimed: a running server has compiled its code fully
            // optimised and computed what it keeps (see WarmAsync); the table then measures that server.
            Console.WriteLine($"warm-up round: each URL's first request, then {warmSeconds} s of the same load, untimed");
            foreach (var (path, header) in selected)
            {
                Console.WriteLine($"  {path}: first request {await WarmAsync(baseAddress, path, header, connections):N0} ms");
            }

            Console.WriteLine($"load average after the warm-up round: {LoadAverage()}");
            Console.WriteLine("| URL | req/s | p50 ms | p95 ms | p99 ms | errors |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (var (path, header) in selected)
            {
                Console.WriteLine(await WrkAsync(baseAddress, path, header, connections, seconds));
            }

            Console.WriteLine($"load average after: {LoadAverage()}");
            await app.StopAsync();
            return 0;
        }
    }

    /// <summary>Signs the demo credit manager in (antiforgery token from the form) and returns the cookie header value.</summary>
    private static async Task<string> SignInAsync(Uri baseAddress, string login)
    {
        var jar = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var form = await client.GetStringAsync("/login");
        var token = TokenPattern().Match(form).Groups[1].Value;
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["login"] = login, ["password"] = DemoUsers.Password, ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in failed: {(int)response.StatusCode}");
        }

        return jar.GetCookieHeader(baseAddress);
    }

    /// <summary>
    /// The URL's first request, timed and returned in milliseconds (what a page computes once and keeps, like the
    /// dashboard's portfolio figures, ADR 1550, or EF's compiled queries, is paid there), then WarmSeconds of the same load
    /// as the measurement, untimed: the runtime compiles a method fully optimised only after it has run a few dozen
    /// times (tiered compilation), and a page needed 30 to 60 s of load before its CPU per request settled; much of the
    /// code is shared by every page, so the round over all of them brings each close to what a server that has been up
    /// runs.
    /// </summary>
    private static async Task<long> WarmAsync(Uri baseAddress, string path, string header, int connections)
    {
        var watch = Stopwatch.StartNew();
        using (var warm = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) })
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            warm.DefaultRequestHeaders.TryAddWithoutValidation(header[..colon], header[(colon + 1)..].Trim());
            using var response = await warm.GetAsync(path);
        }

        var first = watch.ElapsedMilliseconds;
        if (warmSeconds > 0)
        {
            await RunWrkAsync(baseAddress, path, header, connections, warmSeconds, script: null);
        }

        return first;
    }

    /// <summary>
    /// Whether a part of <c>--only</c> selects a URL: the whole URL, or its start when the part ends with <c>*</c>
    /// (<c>/customers*</c>); a customer or invoice page is named <c>/customers/{id}</c> or <c>/invoices/{id}</c>.
    /// </summary>
    private static bool Selects(string part, string path) =>
        part.EndsWith('*') ? path.StartsWith(part[..^1], StringComparison.Ordinal)
        : path == part || (part.EndsWith("/{id}", StringComparison.Ordinal) && path.StartsWith(part[..^4], StringComparison.Ordinal)
            && Guid.TryParse(path[(part.Length - 4)..], out _));

    private static async Task<string> WrkAsync(Uri baseAddress, string path, string header, int connections, int seconds)
    {
        var script = Path.Combine(Path.GetTempPath(), "encaisse-wrk-done.lua");
        await File.WriteAllTextAsync(script, """
            done = function(summary, latency, requests)
              io.write(string.format("RESULT %.1f %.2f %.2f %.2f %d\n", summary.requests / (summary.duration / 1e6),
                latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
                summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
            end
            """);
        var (output, error) = await RunWrkAsync(baseAddress, path, header, connections, seconds, script);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (line is null)
        {
            return $"| `{path}` | wrk failed: {output.ReplaceLineEndings(" ")} {error} |";
        }

        var f = line.Split(' ');
        return $"| `{path}` | {f[1]} | {f[2]} | {f[3]} | {f[4]} | {f[5]} |";
    }

    /// <summary>Seconds of untimed load per URL in the warm-up round (see <see cref="WarmAsync"/>): <c>--warm</c>, 10 unless given; 0 for none.</summary>
    private static int warmSeconds = 10;

    private static async Task<(string Output, string Error)> RunWrkAsync(Uri baseAddress, string path, string header, int connections, int seconds, string? script)
    {
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var arguments = new List<string> { "-t2", $"-c{connections}", $"-d{seconds}s", "--timeout", "30s", "-H", header, new Uri(baseAddress, path).ToString() };
        if (script is not null)
        {
            arguments.InsertRange(0, ["-s", script]);
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk is missing (apt-get install wrk)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (await output, await error);
    }

    private static async Task<(double P50, double P95)> BaselineAsync(DatabaseFactory factory, Guid tenantId)
    {
        await using var db = factory.Create(tenantId);
        var times = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var watch = Stopwatch.StartNew();
            await db.Customers.AsNoTracking().OrderBy(c => c.LegalName).Select(c => new { c.Id, c.LegalName }).Take(51).ToListAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], times[(int)(times.Count * 0.95)]);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static double Number(string[] args, string name, double fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string? Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
