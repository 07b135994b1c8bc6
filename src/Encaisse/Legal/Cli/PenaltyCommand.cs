using System.CommandLine;
using System.Globalization;
using Encaisse.Cli;
using Encaisse.Ledger;
using Encaisse.Legal.Rates;

namespace Encaisse.Legal.Cli;

/// <summary><c>encaisse legal penalty</c>: late interest and indemnity of one claim, without a database by default.</summary>
internal static class PenaltyCommand
{
    public static Command Build()
    {
        var amount = new Option<string>("--amount") { Description = "Amount due (interest base, TTC by default), e.g. 10000.00", Required = true };
        var due = new Option<string>("--due") { Description = "Due date (yyyy-mm-dd)", Required = true };
        var paid = new Option<string?>("--paid") { Description = "Day the (remaining) funds arrived; omit while unpaid" };
        var asOf = new Option<string?>("--as-of") { Description = "Date of the computation when unpaid (default: today)" };
        var payments = new Option<string?>("--payments") { Description = "Partial payments: DATE=AMOUNT,... (each reduces the base from the next day)" };
        var consumer = new Option<bool>("--consumer") { Description = "The debtor is a consumer: legal interest from the formal notice, no €40" };
        var notice = new Option<string?>("--notice-date") { Description = "Consumers: date the formal notice was received" };
        var rate = new Option<string?>("--rate") { Description = "Contractual annual rate in percent (refused below 3 × the legal rate)" };
        var policy = new Option<string>("--policy") { Description = "Half-year spanning periods: split (default) or start", DefaultValueFactory = _ => "split" };
        var basis = new Option<string>("--basis") { Description = "Day-count basis: 365 (default) or actual (366 in leap years)", DefaultValueFactory = _ => "365" };
        var costs = new Option<string?>("--recovery-costs") { Description = "Justified recovery costs; above €40 they add a supplementary indemnity (businesses only)" };
        var insolvency = new Option<string?>("--insolvency-opened") { Description = "Opening date of the debtor's collective procedure" };
        var command = new Command("penalty", "Late-payment interest (L441-10) and €40 indemnity of one claim")
        {
            amount, due, paid, asOf, payments, consumer, notice, rate, policy, basis, costs, insolvency,
        };
        command.SetHandler(async (ctx, ct) =>
        {
            var p = ctx.Parse;
            var request = new PenaltyRequest
            {
                Amount = CliRunner.ParseAmount(p.GetValue(amount)!, "--amount"),
                DueDate = LegalCli.RequiredDate(p.GetValue(due), "--due"),
                PaidOn = CliRunner.ParseDate(p.GetValue(paid), "--paid"),
                AsOf = CliRunner.ParseDate(p.GetValue(asOf), "--as-of") ?? BusinessCalendar.Today(ctx.Clock, "Europe/Paris"),
                Payments = LegalCli.Payments(p.GetValue(payments)),
                Debtor = p.GetValue(consumer) ? DebtorKind.Consumer : DebtorKind.Business,
                NoticeDate = CliRunner.ParseDate(p.GetValue(notice), "--notice-date"),
                InsolvencyOpenedOn = CliRunner.ParseDate(p.GetValue(insolvency), "--insolvency-opened"),
                JustifiedRecoveryCosts = p.GetValue(costs) is { } c ? CliRunner.ParseAmount(c, "--recovery-costs") : 0m,
                Terms = new PenaltyTerms
                {
                    ContractualRate = LegalCli.Rate(p.GetValue(rate), "--rate"),
                    Policy = p.GetValue(policy) switch
                    {
                        "split" => HalfYearRatePolicy.Split,
                        "start" => HalfYearRatePolicy.Start,
                        var other => throw new UsageException($"--policy: '{other}' is not split or start."),
                    },
                    Basis = p.GetValue(basis) switch
                    {
                        "365" => DayCountBasis.Days365,
                        "actual" => DayCountBasis.Actual,
                        var other => throw new UsageException($"--basis: '{other}' is not 365 or actual."),
                    },
                },
            };
            if (request.Debtor == DebtorKind.Business && request.NoticeDate is not null)
            {
                throw new UsageException("--notice-date applies to consumers (--consumer); business penalties run from the day after the due date.");
            }

            var rates = await LegalCli.RatesAsync(ctx, ct);
            var result = Compute(request, rates);
            foreach (var warning in result.Warnings)
            {
                await Console.Error.WriteLineAsync("warning: " + warning);
            }

            if (ctx.Json)
            {
                CliJson.Write(View(result));
            }
            else
            {
                PrintText(result);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static PenaltyResult Compute(PenaltyRequest request, RateTable rates)
    {
        try
        {
            // A refused input (PenaltyInputException) is an OperationFailedException: CliRunner prints its English
            // text and code, exit 2.
            return PenaltyCalculator.Compute(request, rates);
        }
        catch (MissingRateException e)
        {
            throw new CommandFailedException(e.Message);
        }
    }

    /// <summary>The JSON shape of the issue: daysLate, interest, indemnity (flat + supplementary), total, periods.</summary>
    internal static object View(PenaltyResult r) => new
    {
        daysLate = r.DaysLate,
        interest = Cents(r.Interest, r.Currency),
        indemnity = Cents(r.Indemnity + r.SupplementaryIndemnity, r.Currency),
        total = Cents(r.Total, r.Currency),
        periods = Periods(r),
    };

    internal static List<object> Periods(PenaltyResult r) => LegalViews.Periods(r);

    internal static decimal Cents(decimal amount, string currency) => LegalViews.Cents(amount, currency);

    private static void PrintText(PenaltyResult r)
    {
        var fr = CultureInfo.InvariantCulture;
        Console.Out.WriteLine(string.Create(fr, $"Days late: {r.DaysLate}"));
        foreach (var x in r.Periods)
        {
            Console.Out.WriteLine(string.Create(fr, $"  {x.From:yyyy-MM-dd} → {x.To:yyyy-MM-dd}  {x.Days,4} d  {x.AnnualRate,6:0.00} %  on {x.Base,12:0.00}  = {x.Interest,10:0.00}"));
        }

        Console.Out.WriteLine(string.Create(fr, $"Interest:  {r.Interest:0.00} {r.Currency}"));
        Console.Out.WriteLine(string.Create(fr, $"Indemnity: {r.Indemnity + r.SupplementaryIndemnity:0.00} {r.Currency}"));
        Console.Out.WriteLine(string.Create(fr, $"Total:     {r.Total:0.00} {r.Currency}"));
    }
}
