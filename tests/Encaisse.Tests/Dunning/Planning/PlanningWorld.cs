using Encaisse.Dunning;
using Encaisse.Dunning.Planning;
using Encaisse.Ledger;

namespace Encaisse.Tests.Dunning.Planning;

/// <summary>Builds planner inputs in a few lines: a customer, invoices (due date, amount), payments, history.</summary>
internal sealed class PlanningWorld
{
    public static readonly Guid TenantId = Guid.Parse("00000000-0000-0000-0000-0000000000aa");

    public PlanningWorld(CustomerKind kind = CustomerKind.Business)
    {
        Kind = kind;
        Plan = kind == CustomerKind.Business
            ? DefaultPlans.Business(TenantId, DateTimeOffset.UnixEpoch)
            : DefaultPlans.Consumer(TenantId, DateTimeOffset.UnixEpoch);
    }

    public Guid CustomerId { get; } = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
    public CustomerKind Kind { get; }
    public string? RiskClass { get; set; }
    public DunningPlan Plan { get; set; }
    public List<Invoice> Invoices { get; } = [];
    /// <summary>Invoice number → (paid on, amount).</summary>
    public List<(string Number, DateOnly On, long Minor)> Payments { get; } = [];
    public List<PastAction> History { get; } = [];
    public HashSet<string> Disputed { get; } = [];
    public List<PromiseToPay> Promises { get; } = [];
    public List<PaymentPlan> PaymentPlans { get; } = [];
    public List<DunningHold> Holds { get; } = [];
    public List<CustomerCredit> Credits { get; } = [];
    public DateOnly? InsolvencyOpenedOn { get; set; }
    public HashSet<string> Factored { get; } = [];
    public PlanningSettings Settings { get; set; } = new();

    public Invoice AddInvoice(string number, DateOnly due, decimal amount)
    {
        var invoice = new Invoice
        {
            TenantId = TenantId,
            CustomerId = CustomerId,
            Number = number,
            IssueDate = due.AddDays(-30),
            DueDate = due,
            GrossMinor = Currencies.ToMinor(amount, "EUR"),
            NetMinor = Currencies.ToMinor(amount, "EUR"),
            Id = Guid.CreateVersion7(),
        };
        Invoices.Add(invoice);
        return invoice;
    }

    public Guid IdOf(string number) => Invoices.Single(i => i.Number == number).Id;

    public DunningSnapshot Snapshot(DateOnly asOf)
    {
        var items = Invoices.SelectMany(i => Balances.OpenItemsOf(i,
                Payments.Where(p => p.Number == i.Number && p.On <= asOf).Sum(p => p.Minor), asOf)
            .Select(o => new DunnableItem(o, Factored.Contains(i.Number)))).ToList();
        var customer = new CustomerSnapshot
        {
            Profile = new PlanProfile(CustomerId, Kind, null, RiskClass),
            InsolvencyOpenedOn = InsolvencyOpenedOn,
            Plan = Plan,
            Items = items,
            History = History.ToList(),
            DisputedInvoices = Disputed.Select(IdOf).ToHashSet(),
            Promises = Promises.ToList(),
            PaymentPlans = PaymentPlans.ToList(),
            Holds = Holds.ToList(),
            Credits = Credits.ToList(),
        };
        return new DunningSnapshot(asOf, Settings, [customer]);
    }

    public DunningDecision Decide(DateOnly asOf) => DunningPlanner.Plan(Snapshot(asOf));

    /// <summary>Runs the planner every day from <paramref name="from"/> for <paramref name="days"/> days, feeding
    /// what it plans back as sent history (what the runner does); returns "yyyy-MM-dd step cycle [invoices]" lines.</summary>
    public List<string> Simulate(DateOnly from, int days, Action<DateOnly>? eachDay = null)
    {
        var log = new List<string>();
        for (var d = from; d < from.AddDays(days); d = d.AddDays(1))
        {
            eachDay?.Invoke(d);
            var decision = Decide(d);
            foreach (var id in decision.BrokenPromises)
            {
                Promises.Single(p => p.Id == id).Status = PromiseStatus.Broken;
                log.Add($"{d:yyyy-MM-dd} promise broken");
            }

            foreach (var a in decision.Actions)
            {
                History.Add(new PastAction(a.StepKey, a.StepNumber, a.Cycle, d, true, a.Items.Select(i => i.InvoiceId).ToList()));
                log.Add($"{d:yyyy-MM-dd} {a.StepKey} c{a.Cycle} {a.Channel.ToString().ToLowerInvariant()} [{string.Join(",", a.Items.Select(i => i.Item.Number))}]");
            }
        }

        return log;
    }
}
