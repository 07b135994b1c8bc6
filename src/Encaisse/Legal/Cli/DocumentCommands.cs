using System.CommandLine;
using System.Text.Json;
using Encaisse.Cli;
using Encaisse.Documents;
using Encaisse.Ledger;
using Encaisse.Legal.Documents;
using Encaisse.Operations;

namespace Encaisse.Legal.Cli;

/// <summary>Legal documents computed from the stored ledger: notice, statement, payment-order, proof-of-claim, prescription.</summary>
internal static class DocumentCommands
{
    private static Option<string> CustomerOption() => new("--customer") { Description = "Customer reference (ExternalRef, e.g. 411DUPONT)", Required = true };

    private static Option<string> OutputOption() => new("--output") { Description = "PDF file to write", Required = true };

    private static Option<string?> AsOfOption() => new("--as-of") { Description = "Date of the computation (default: today in the tenant's time zone)" };

    public static Command Notice()
    {
        var customer = CustomerOption();
        var output = OutputOption();
        var asOf = AsOfOption();
        var days = new Option<int?>("--days") { Description = "Days given to pay (default: the tenant's policy, 8)" };
        var agencyName = new Option<string?>("--agency-name") { Description = "Collection agency name: writes the agency letter (R124-4 CPCE) instead" };
        var agencyAddress = new Option<string?>("--agency-address") { Description = "Agency address: 'street, postal-code city'" };
        var noticeDate = NoticeDateOption();
        var command = new Command("notice", "Formal notice (mise en demeure), or the collection agency's letter, as PDF") { customer, output, asOf, days, agencyName, agencyAddress, noticeDate };
        command.SetHandler(async (ctx, ct) =>
        {
            var agency = ctx.Parse.GetValue(agencyName) is { } name
                ? new CollectionAgency(name, ParseAddress(ctx.Parse.GetValue(agencyAddress) ?? throw new UsageException("--agency-address is required with --agency-name.")))
                : null;
            var request = new EscalationRequest(agency is null ? EscalationKind.FormalNotice : EscalationKind.AgencyLetter, ctx.Parse.GetValue(customer)!, "cli")
            {
                NoticeDays = ctx.Parse.GetValue(days),
                Agency = agency,
            };
            await EscalateAsync(ctx, request, asOf, noticeDate, ctx.Parse.GetValue(output)!, null, ct);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Statement()
    {
        var customer = CustomerOption();
        var output = OutputOption();
        var asOf = AsOfOption();
        var command = new Command("statement", "Dated statement of late interest and €40 indemnities per invoice (invoices paid late included), as PDF") { customer, output, asOf };
        command.SetHandler(async (ctx, ct) =>
        {
            var (legal, today) = await LoadAsync(ctx, ctx.Parse.GetValue(customer)!, ct);
            var date = CliRunner.ParseDate(ctx.Parse.GetValue(asOf), "--as-of") ?? today;
            var claim = Claim(legal, date, new ClaimOptions { IncludeSettledLate = true });
            if (claim.Lines.Count == 0)
            {
                throw new CommandFailedException($"Customer {legal.Customer.ExternalRef} has no invoice paid or unpaid after its due date on {date:yyyy-MM-dd}.");
            }

            await WriteAsync(ctx.Parse.GetValue(output)!, LetterPdf.Render(InterestStatement.Build(legal, claim, date, Reference("PEN", legal, date))), ct);
            Report(ctx, legal, claim);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command PaymentOrder()
    {
        var customer = CustomerOption();
        var output = OutputOption();
        var jsonOutput = new Option<string?>("--json-output") { Description = "Also write the request's data as JSON" };
        var asOf = AsOfOption();
        var noticeDate = NoticeDateOption();
        var command = new Command("payment-order", "Injonction de payer file (parties, amounts, basis, documents, competent court) as PDF and JSON") { customer, output, jsonOutput, asOf, noticeDate };
        command.SetHandler(async (ctx, ct) =>
        {
            var request = new EscalationRequest(EscalationKind.PaymentOrder, ctx.Parse.GetValue(customer)!, "cli");
            await EscalateAsync(ctx, request, asOf, noticeDate, ctx.Parse.GetValue(output)!, ctx.Parse.GetValue(jsonOutput), ct);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command ProofOfClaim()
    {
        var customer = CustomerOption();
        var output = OutputOption();
        var published = new Option<string>("--publication-date") { Description = "BODACC publication date of the opening judgment", Required = true };
        var opened = new Option<string?>("--opened-on") { Description = "Opening judgment date (default: the customer's recorded insolvency date)" };
        var mandataire = new Option<string?>("--mandataire") { Description = "Name of the mandataire judiciaire (or liquidateur)" };
        var mandataireAddress = new Option<string?>("--mandataire-address") { Description = "Address: 'street, postal-code city'" };
        var command = new Command("proof-of-claim", "Déclaration de créance with its deadline (2 months after BODACC, 4 outside metropolitan France), as PDF")
        {
            customer, output, published, opened, mandataire, mandataireAddress,
        };
        command.SetHandler(async (ctx, ct) =>
        {
            var (legal, today) = await LoadAsync(ctx, ctx.Parse.GetValue(customer)!, ct);
            var publishedOn = LegalCli.RequiredDate(ctx.Parse.GetValue(published), "--publication-date");
            var openedOn = CliRunner.ParseDate(ctx.Parse.GetValue(opened), "--opened-on") ?? legal.Customer.InsolvencyOpenedOn
                ?? throw new UsageException("--opened-on is required: no insolvency opening date is recorded for this customer.");
            if (publishedOn < openedOn)
            {
                throw new UsageException("--publication-date cannot precede the opening judgment (--opened-on).");
            }

            var address = ctx.Parse.GetValue(mandataireAddress) is { } a ? LegalText.Address(ParseAddress(a)) : [];
            var facts = new ProofOfClaimFacts(openedOn, publishedOn, ctx.Parse.GetValue(mandataire), address)
            {
                ProcedureKind = legal.Customer.InsolvencyKind is { } kind ? kind : "procédure collective",
            };
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var escalation = (await Escalations.PrepareAsync(db, tenant, ctx.Clock,
                new EscalationRequest(EscalationKind.ProofOfClaim, legal.Customer.ExternalRef, "cli") { Proof = facts }, ct)).OrThrow();
            await WriteAsync(ctx.Parse.GetValue(output)!, escalation.Pdf, ct);
            var deadline = escalation.Deadline!.Value;
            var declared = Currencies.FromMinor(escalation.Claim.TotalMinor, escalation.Claim.Currency);
            if (ctx.Json)
            {
                CliJson.Write(new { customer = legal.Customer.ExternalRef, openedOn, publishedOn, deadline, declared = PenaltyCommand.Cents(declared, legal.Tenant.Currency), overdue = deadline < today });
            }
            else
            {
                await Console.Out.WriteLineAsync($"Declare before {deadline:yyyy-MM-dd}{(deadline < today ? " — DEADLINE PASSED: ask for a relevé de forclusion within 6 months of publication" : "")}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Runs the escalation operation for a verb: the document written to <paramref name="output"/>, the claim reported.</summary>
    private static async Task EscalateAsync(CliContext ctx, EscalationRequest request, Option<string?> asOf, Option<string?> noticeDate, string output,
        string? jsonOutput, CancellationToken ct)
    {
        var (legal, today) = await LoadAsync(ctx, request.CustomerRef, ct);
        var date = CliRunner.ParseDate(ctx.Parse.GetValue(asOf), "--as-of") ?? today;
        if (request.NoticeDays is < 1 or > 90)
        {
            throw new UsageException("--days is between 1 and 90.");
        }

        var tenant = await ctx.TenantAsync(ct);
        await using var db = await ctx.DbForAsync(tenant, ct);
        var escalation = (await Escalations.PrepareAsync(db, tenant, ctx.Clock,
            request with { AsOf = date, NoticeDate = NoticeDate(ctx, noticeDate, legal, date) }, ct)).OrThrow();
        await WriteAsync(output, escalation.Pdf, ct);
        if (jsonOutput is not null && escalation.PaymentOrder is { } file)
        {
            await WriteAsync(jsonOutput, JsonSerializer.SerializeToUtf8Bytes(file, CliJson.Options), ct);
        }

        if (request.Kind == EscalationKind.PaymentOrder)
        {
            if (ctx.Json)
            {
                CliJson.Write(escalation.PaymentOrder);
            }

            return;
        }

        Report(ctx, legal, escalation.Claim);
    }

    internal static async Task<(LegalCase Legal, DateOnly Today)> LoadAsync(CliContext ctx, string customerRef, CancellationToken ct)
    {
        var tenant = await ctx.TenantAsync(ct);
        await using var db = await ctx.DbForAsync(tenant, ct);
        var legal = await LegalLedger.LoadAsync(db, tenant, customerRef, ct)
            ?? throw new UsageException($"No customer '{customerRef}' for tenant {tenant.Code}.");
        return (legal, ctx.Today(tenant));
    }

    internal static LegalClaim Claim(LegalCase legal, DateOnly asOf, ClaimOptions options)
    {
        try
        {
            return legal.Claim(asOf, options);
        }
        catch (PenaltyInputException e)
        {
            // The stored data cannot give a claim: a failure (exit 1), with the error's English text and code.
            throw new OperationFailedException(e.Error with { Kind = ErrorKind.Failed });
        }
        catch (Rates.MissingRateException e)
        {
            throw new CommandFailedException(e.Message);
        }
    }

    private static Option<string?> NoticeDateOption() => new("--notice-date")
    {
        Description = "Consumers: day the formal notice was received; legal interest runs from the next day (art. 1344-1 C. civ.)",
    };

    /// <summary>The --notice-date of a consumer claim: not after the computation date; meaningless (warned) for a business.</summary>
    private static DateOnly? NoticeDate(CliContext ctx, Option<string?> option, LegalCase legal, DateOnly asOf)
    {
        if (CliRunner.ParseDate(ctx.Parse.GetValue(option), "--notice-date") is not { } notice)
        {
            return null;
        }

        if (notice > asOf)
        {
            throw new UsageException($"--notice-date {notice:yyyy-MM-dd} is after the date of the computation ({asOf:yyyy-MM-dd}).");
        }

        if (legal.Debtor == DebtorKind.Business)
        {
            Console.Error.WriteLine("warning: --notice-date is ignored for a business debtor: L441-10 penalties run from the day after the due date without notice.");
            return null;
        }

        return notice;
    }

    internal static string Reference(string prefix, LegalCase legal, DateOnly date) => $"{prefix}-{legal.Customer.ExternalRef}-{date:yyyyMMdd}";

    /// <summary>"12 rue X, 75002 Paris" → address lines.</summary>
    internal static PostalAddress ParseAddress(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var last = parts.Length > 0 ? parts[^1] : "";
        var space = last.IndexOf(' ', StringComparison.Ordinal);
        var hasPostal = space == 5 && last[..5].All(char.IsAsciiDigit);
        return new PostalAddress
        {
            Line1 = parts.Length > 1 ? parts[0] : null,
            Line2 = parts.Length > 2 ? string.Join(", ", parts[1..^1]) : null,
            PostalCode = hasPostal ? last[..5] : null,
            City = hasPostal ? last[6..] : last,
        };
    }

    private static async Task WriteAsync(string path, byte[] bytes, CancellationToken ct)
    {
        try
        {
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllBytesAsync(full, bytes, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandFailedException($"Cannot write {path}: {e.Message}");
        }
    }

    private static void Report(CliContext ctx, LegalCase legal, LegalClaim claim)
    {
        foreach (var warning in claim.Warnings)
        {
            Console.Error.WriteLine("warning: " + warning);
        }

        if (ctx.Json)
        {
            CliJson.Write(LegalViews.Claim(legal.Customer.ExternalRef, claim));
        }
        else
        {
            Console.Out.WriteLine($"{claim.Lines.Count} invoice(s): principal {claim.Principal:0.00}, interest {claim.Interest:0.00}, indemnity {claim.Indemnity:0.00}, total {claim.Total:0.00} {claim.Currency}");
        }
    }

    private static void Report(CliContext ctx, LegalCase legal, ClaimDecision decision)
    {
        foreach (var warning in decision.Legal?.Warnings ?? [])
        {
            Console.Error.WriteLine("warning: " + warning);
        }

        if (ctx.Json)
        {
            CliJson.Write(LegalViews.Decision(legal.Customer.ExternalRef, decision));
        }
        else
        {
            var cur = decision.Currency;
            Console.Out.WriteLine($"{decision.Claimed.Count()} item(s) claimed: {Currencies.FormatInvariant(decision.ClaimedGrossMinor, cur)}, credits deducted "
                + $"{Currencies.FormatInvariant(decision.CreditsMinor, cur)}, principal {Currencies.FormatInvariant(decision.NetPrincipalMinor, cur)}, interest "
                + $"{Currencies.FormatInvariant(decision.InterestMinor, cur)}, indemnity {Currencies.FormatInvariant(decision.IndemnityMinor, cur)}, total "
                + $"{Currencies.FormatInvariant(decision.TotalMinor, cur)} {cur}");
            foreach (var line in ClaimText.Listed(decision, Localization.Catalogue.English))
            {
                Console.Out.WriteLine("  not claimed: " + line);
            }
        }
    }
}
