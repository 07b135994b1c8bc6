using System.Text.Json;
using Encaisse.Ledger;
using Encaisse.Localization;
using Encaisse.Payments.Matching;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments;

/// <summary>
/// Runs the engine over stored credits and applies what it is sure of. The engine works on one read of the open
/// ledger; each automatic proposal is then applied by the ledger's allocation operation, which re-reads the invoices
/// under lock: a proposal that no longer fits (another import or a person settled the invoice meanwhile) is not
/// applied but sent to review with the ledger's reason, so two imports racing on one invoice never over-settle it.
/// </summary>
public static class CashApplication
{
    public static async Task<(int Auto, int Review, int Unmatched)> RunAsync(EncaisseDb db, IReadOnlyList<BankTransaction> credits, TimeProvider clock, MatchSettings? settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(credits);
        if (credits.Count == 0)
        {
            return (0, 0, 0);
        }

        settings ??= new MatchSettings();
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == db.TenantId, ct);
        var ledger = await OpenLedger.LoadAsync(db, ct);
        var engine = new MatchingEngine(ledger.Invoices, ledger.Payers, settings);
        var run = engine.Match(credits.Select((t, i) => new MatchInput(i, t.BookingDate, t.AmountMinor, t.Currency, t.CounterpartyName, t.CounterpartyIban, t.RemittanceInformation, t.EndToEndId)));
        int auto = 0, review = 0;
        foreach (var proposal in run.Matches)
        {
            var tx = credits[proposal.Transaction];
            tx.Confidence = proposal.Confidence;
            tx.Proposal = Serialize(proposal, null);
            Guid? customerId = proposal.CustomerRef is not null && ledger.CustomerIds.TryGetValue(proposal.CustomerRef, out var id) ? id : null;
            if (proposal.Auto && customerId is { } customer)
            {
                var applied = await MatchApplier.ApplyAsync(db, tenant, tx, customer, proposal.Invoices.Select(i => (i.InvoiceId!.Value, i.Number, i.AmountMinor)).ToList(),
                    settings.FeeToleranceMinor, proposal.Confidence, proposal.ReasonTexts, "system", AllocationOrigin.Matching, clock, ct);
                if (applied.IsOk)
                {
                    auto++;
                    continue;
                }

                // The ledger refused (settled meanwhile, cancelled, factored): a person decides, with the reason shown.
                tx.Proposal = Serialize(proposal, applied.Error);
            }

            tx.Status = BankTransactionStatus.Review;
            tx.CustomerId = customerId;
            await db.SaveChangesAsync(ct);
            review++;
        }

        await db.SaveChangesAsync(ct);
        return (auto, review, run.Unmatched.Count);
    }

    private static string Serialize(MatchProposal proposal, Operations.OperationError? refused) =>
        JsonSerializer.Serialize(new
        {
            customer = proposal.CustomerRef,
            invoices = proposal.Invoices.Select(i => new { number = i.Number, amountMinor = i.AmountMinor }),
            unallocatedMinor = proposal.UnallocatedMinor,
            confidence = proposal.Confidence,
            reasons = proposal.ReasonTexts,
            reasonCodes = proposal.Reasons,
            refused = refused is null ? null : new { code = refused.Code, message = refused.Message(Catalogue.English) },
        }, Operations.JsonShape.Compact);
}
