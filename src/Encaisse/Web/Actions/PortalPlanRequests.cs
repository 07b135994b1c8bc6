using Encaisse.Dunning;
using Encaisse.Dunning.PaymentPlans;
using Encaisse.Dunning.Tasks;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Storage;

namespace Encaisse.Web.Actions;

/// <summary>
/// What the portal shows of a customer's payment plan: the plan (active or requested) and, for a request waiting for
/// review, the rules of the tenant it breaks.
/// </summary>
public sealed record PortalPlan(PaymentPlanView Plan, IReadOnlyList<PlanRule> Broken, CollectionsPolicy Policy);

/// <summary>Outcome of a request from the portal: the plan, or the text key of why nothing was recorded.</summary>
public sealed record PortalPlanResult(PortalPlan? Current, string? ErrorKey);

/// <summary>
/// The portal's "Je demande un échéancier": equal monthly instalments of the customer's whole balance, through
/// <see cref="PaymentPlanOperations.RequestAsync"/> (accepted at once within the tenant's rules, otherwise waiting
/// for review). A request waiting for review also opens a review task for the customer's collector.
/// </summary>
public static class PortalPlanRequests
{
    public const string Actor = "portal";
    public const int MinCount = 2;
    public const int MaxCount = 24;

    public static async Task<PortalPlanResult> RequestAsync(EncaisseDb db, TimeProvider clock, Customer customer, int count, DateOnly? first, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var scope = await CollectionsScope.ForAsync(db, clock, Actor, ct);
        if (count is < MinCount or > MaxCount)
        {
            return new PortalPlanResult(null, "err.count");
        }

        if (first is not { } firstDue || firstDue < scope.Today)
        {
            return new PortalPlanResult(null, "err.date");
        }

        var currency = scope.Tenant.Currency;
        // Only what is owed to the seller: invoices sold under notified factoring are paid to the factor, never through a plan
        // with the seller (the portal's total says the same).
        var position = await CustomerPositions.LoadOpenAsync(db, customer.Id, scope.Today, ct);
        var balance = Risk.Factoring.FactoringOperations.OwedToSeller(position, await Risk.Factoring.FactoringOperations.NotifiedPayeesAsync(db, customer.Id, ct), currency);
        if (balance <= 0)
        {
            return new PortalPlanResult(null, "err.nothingDue");
        }

        PaymentPlanView view;
        try
        {
            view = await PaymentPlanOperations.RequestAsync(scope,
                new CreatePaymentPlan(customer.ExternalRef, Currencies.FromMinor(balance, currency), null, count, firstDue, Actor, currency), ct);
        }
        catch (Operations.OperationFailedException e) when (e.Error.Kind == Operations.ErrorKind.Invalid)
        {
            // Decided on the code (the customer's existing plan is checked before the balance: it is the one told).
            return new PortalPlanResult(null, e.Error.Code switch
            {
                "paymentPlan.customerHasPlan" => "err.existing",
                "paymentPlan.nothingOwed" or "paymentPlan.aboveBalance" => "err.nothingDue",
                _ => "err.invalid",
            });
        }

        if (view.Status == PaymentPlanStatus.Requested)
        {
            var title = TaskTitles.Of("reviewPlanRequest");
            await CollectionTaskOperations.CreateAsync(scope, new CreateTask(customer.ExternalRef, title.French, scope.Today, CollectionTaskKind.Review), ct, title);
        }

        return new PortalPlanResult(await CurrentAsync(db, clock, customer, ct), null);
    }

    /// <summary>The customer's active or requested plan, if any, with the rules a request breaks.</summary>
    public static async Task<PortalPlan?> CurrentAsync(EncaisseDb db, TimeProvider clock, Customer customer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var scope = await CollectionsScope.ForAsync(db, clock, Actor, ct);
        var plans = await PaymentPlanOperations.ListAsync(scope, customer.ExternalRef, null, ct);
        var plan = plans.FirstOrDefault(p => p.Status is PaymentPlanStatus.Active or PaymentPlanStatus.Requested);
        if (plan is null)
        {
            return null;
        }

        var policy = await scope.PolicyAsync(ct);
        IReadOnlyList<PlanRule> broken = [];
        if (plan.Status == PaymentPlanStatus.Requested)
        {
            // The same pure decision as when it was requested, on the day it was requested, for its reasons.
            var schedule = plan.Instalments.OrderBy(i => i.Sequence).Select(i => new PlannedInstalment(i.DueDate, i.AmountMinor)).ToList();
            broken = PaymentPlanAcceptance.Decide(plan.TotalMinor, schedule, policy, plan.AgreedOn).Broken;
        }

        return new PortalPlan(plan, broken, policy);
    }
}
