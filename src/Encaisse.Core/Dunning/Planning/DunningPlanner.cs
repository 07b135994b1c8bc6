using Encaisse.Ledger;

namespace Encaisse.Dunning.Planning;

/// <summary>
/// The pure dunning decision: snapshot + as-of date → the messages due today, why others are paused, promises
/// found broken and the next date worth checking. Rules (docs/dunning.md):
/// one message per customer and step listing every invoice due for attention; the step is the one reached by the
/// most advanced invoice (catch-up sends only that one, never the missed ones); steps never go backwards within a
/// cycle; a cycle ends when none of the invoices dunned in it is still dunnable.
/// </summary>
public static class DunningPlanner
{
    public static DunningDecision Plan(DunningSnapshot snapshot)
    {
        var actions = new List<PlannedAction>();
        var notes = new List<PlanningNote>();
        var broken = new List<Guid>();
        var next = new Dictionary<Guid, DateOnly>();
        var waiting = new List<WaitingAction>();
        foreach (var customer in snapshot.Customers)
        {
            var context = new CustomerPlanning(customer, snapshot.AsOf, snapshot.Settings, actions, notes, broken, waiting);
            context.Run();
            if (context.NextCheck is { } date)
            {
                next[customer.Profile.CustomerId] = date;
            }
        }

        return new DunningDecision(actions, notes, broken, next) { Waiting = waiting };
    }

    /// <summary>The cycle the customer is in: see <see cref="CustomerPlanning.CycleFor"/>.</summary>
    public static int CycleFor(IReadOnlyList<PastAction> history, IEnumerable<Guid> dunnableInvoices) =>
        CustomerPlanning.CycleFor(history, dunnableInvoices);

    private sealed class CustomerPlanning(
        CustomerSnapshot c, DateOnly asOf, PlanningSettings settings,
        List<PlannedAction> actions, List<PlanningNote> notes, List<Guid> broken, List<WaitingAction> waiting)
    {
        private Guid Id => c.Profile.CustomerId;

        public DateOnly? NextCheck { get; private set; }

        public void Run()
        {
            if (c.InsolvencyOpenedOn is { } opened && opened <= asOf)
            {
                Note(null, $"insolvency procedure opened on {opened:yyyy-MM-dd}: no dunning");
                return;
            }

            if (c.CeasedOn is { } ceased && ceased <= asOf)
            {
                Note(null, $"company ceased on {ceased:yyyy-MM-dd}: no dunning");
                return;
            }

            if (c.Holds.FirstOrDefault(h => h.InvoiceId is null && h.AppliesOn(asOf)) is { } hold)
            {
                Note(null, $"{hold.Kind.ToString().ToLowerInvariant()} hold: {hold.Reason}");
                Check(hold.Until?.AddDays(1));
                return;
            }

            var openInvoices = c.Items.Where(i => i.Item.Kind == DocumentKind.Invoice && i.Item.OpenMinor > 0).ToList();
            var currentCycle = c.History.Count == 0 ? 1 : c.History.Max(h => h.Cycle);
            if (openInvoices.Count == 0)
            {
                PlanThankYou(currentCycle);
                return;
            }

            // After the open-invoice check: a customer who paid everything has not broken its promise.
            if (PausedByPromise())
            {
                return;
            }

            if (c.PaymentPlans.FirstOrDefault(p => p.Status == PaymentPlanStatus.Active) is { } paymentPlan)
            {
                PlanInstalmentReminders(paymentPlan, currentCycle, openInvoices);
                return;
            }

            var eligible = openInvoices.Where(Dunnable).ToList();
            if (eligible.Count == 0)
            {
                return;
            }

            if (c.Plan is null)
            {
                Note(null, "no dunning plan applies to this customer");
                return;
            }

            PlanStep(c.Plan, eligible);
        }

        internal static int CycleFor(IReadOnlyList<PastAction> history, IEnumerable<Guid> dunnableInvoices)
        {
            if (history.Count == 0)
            {
                return 1;
            }

            var current = history.Max(h => h.Cycle);
            var listed = history.Where(h => h.Cycle == current).SelectMany(h => h.InvoiceIds).ToHashSet();
            return dunnableInvoices.Any(listed.Contains) ? current : current + 1;
        }

        private bool PausedByPromise()
        {
            var paused = false;
            foreach (var promise in c.Promises.Where(p => p.Status == PromiseStatus.Pending))
            {
                var end = promise.PromisedDate.AddDays(settings.PromiseGraceDays);
                if (asOf <= end)
                {
                    paused = true;
                    Note(null, $"promise to pay by {promise.PromisedDate:yyyy-MM-dd} (grace until {end:yyyy-MM-dd})");
                    Check(end.AddDays(1));
                }
                else
                {
                    broken.Add(promise.Id);
                }
            }

            return paused;
        }

        private bool Dunnable(DunnableItem item)
        {
            if (item.IsFactored)
            {
                Note(item.InvoiceId, "factored invoice: the factor collects it");
                return false;
            }

            if (c.DisputedInvoices.Contains(item.InvoiceId))
            {
                Note(item.InvoiceId, "open dispute");
                return false;
            }

            if (c.Holds.Count > 0 && c.Holds.FirstOrDefault(h => h.InvoiceId == item.InvoiceId && h.AppliesOn(asOf)) is { } hold)
            {
                Note(item.InvoiceId, $"{hold.Kind.ToString().ToLowerInvariant()} hold: {hold.Reason}");
                Check(hold.Until?.AddDays(1));
                return false;
            }

            return true;
        }

        private void PlanStep(DunningPlan plan, List<DunnableItem> eligible)
        {
            var cycle = CycleFor(c.History, eligible.Select(i => i.InvoiceId));
            if (c.History.FirstOrDefault(h => h.Cycle == cycle && h.AwaitingApproval) is { } pending)
            {
                Note(null, $"{pending.StepKey} waits for approval; later steps wait for that decision");
                waiting.Add(new WaitingAction(Id, pending.StepKey, pending.Cycle));
                return;
            }

            var maxTaken = c.History.Where(h => h.Cycle == cycle && h.StepNumber is not null).Select(h => h.StepNumber!.Value).DefaultIfEmpty(0).Max();
            var overdue = eligible.Where(i => i.Item.DueDate < asOf).Sum(i => i.Item.OpenMinor);
            var steps = plan.OrderedSteps.Where(s => Fits(s, overdue)).ToList();
            if (steps.Count == 0)
            {
                Note(null, "no step of the plan applies to this customer");
                return;
            }

            var levels = eligible
                .Select(i => (Item: i, Days: asOf.DayNumber - i.Item.DueDate.DayNumber))
                .Select(x => (x.Item, x.Days, Step: steps.LastOrDefault(s => s.OffsetDays <= x.Days)))
                .Where(x => x.Step is not null)
                .ToList();
            var target = levels.Count == 0 ? null : levels.MaxBy(x => x.Step!.Number).Step!;
            if (target is null || target.Number <= maxTaken)
            {
                NextStepCheck(steps, eligible, Math.Max(maxTaken, target?.Number ?? 0));
                return;
            }

            var lastContact = new[] { c.LastContactOn, c.History.Where(h => h.Delivered).Select(h => (DateOnly?)h.PlannedOn).Max() }.Max();
            if (target.MinDaysSinceLastContact is { } wait && lastContact is { } last && asOf.DayNumber - last.DayNumber < wait)
            {
                Note(null, $"step {target.Number} waits until {last.AddDays(wait):yyyy-MM-dd} ({wait} days after the last contact)");
                Check(last.AddDays(wait));
                return;
            }

            var listed = levels.OrderByDescending(x => x.Days).ThenBy(x => x.Item.Item.Number, StringComparer.Ordinal).ToList();
            actions.Add(new PlannedAction
            {
                CustomerId = Id,
                Kind = PlannedActionKind.Step,
                StepKey = "step:" + target.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                StepNumber = target.Number,
                Cycle = cycle,
                PlanId = plan.Id,
                Channel = target.Channel,
                Tone = target.Tone,
                TemplateKey = target.TemplateKey,
                NeedsApproval = target.NeedsApproval,
                Level = listed[0].Days,
                Items = listed.Select(x => x.Item).ToList(),
            });
            NextStepCheck(steps, eligible, target.Number);
        }

        private bool Fits(DunningStep step, long overdueMinor)
        {
            if (step.OnlyForKind is { } kind && kind != c.Profile.Kind)
            {
                return false;
            }

            if (step.OnlyForSegment is { } segment && !string.Equals(segment, c.Profile.Segment, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (step.OnlyForRiskClasses is { } classes &&
                (c.Profile.RiskClass is null || !classes.Split(',', StringSplitOptions.TrimEntries).Contains(c.Profile.RiskClass, StringComparer.OrdinalIgnoreCase)))
            {
                return false;
            }

            return step.MinOverdueMinor is not { } min || overdueMinor >= min;
        }

        private void NextStepCheck(List<DunningStep> steps, List<DunnableItem> eligible, int reached)
        {
            // The earliest due date gives the earliest date for every step (the mapping of a date to a check is monotonic).
            var firstDue = DateOnly.MaxValue;
            foreach (var item in eligible)
            {
                if (item.Item.DueDate < firstDue)
                {
                    firstDue = item.Item.DueDate;
                }
            }

            foreach (var step in steps)
            {
                if (step.Number > reached)
                {
                    var date = firstDue.AddDays(step.OffsetDays);
                    Check(date > asOf ? date : asOf.AddDays(1));
                }
            }
        }

        private void PlanThankYou(int cycle)
        {
            if (!settings.ThankYouMessages ||
                !c.History.Any(h => h.Cycle == cycle && h.Delivered && h.StepNumber is not null) ||
                c.History.Any(h => h.Cycle == cycle && h.StepKey == "thanks"))
            {
                return;
            }

            actions.Add(new PlannedAction
            {
                CustomerId = Id,
                Kind = PlannedActionKind.ThankYou,
                StepKey = "thanks",
                Cycle = cycle,
                Channel = DunningChannel.Email,
                Tone = DunningTone.Courtesy,
                TemplateKey = "thanks",
            });
        }

        private void PlanInstalmentReminders(PaymentPlan plan, int cycle, List<DunnableItem> open)
        {
            Note(null, "active payment plan: instalment reminders replace dunning");
            foreach (var instalment in plan.Instalments.OrderBy(i => i.Sequence))
            {
                var remindOn = instalment.DueDate.AddDays(-settings.InstalmentReminderDaysBefore);
                var key = $"instalment:{plan.Id:N}:{instalment.Sequence}";
                if (remindOn > asOf)
                {
                    Check(remindOn);
                    continue;
                }

                if (asOf > instalment.DueDate || c.History.Any(h => h.StepKey == key))
                {
                    continue;
                }

                actions.Add(new PlannedAction
                {
                    CustomerId = Id,
                    Kind = PlannedActionKind.InstalmentReminder,
                    StepKey = key,
                    Cycle = cycle,
                    Channel = DunningChannel.Email,
                    Tone = DunningTone.Courtesy,
                    TemplateKey = "instalment",
                    Level = asOf.DayNumber - instalment.DueDate.DayNumber,
                    Items = open,
                    InstalmentDueDate = instalment.DueDate,
                    InstalmentAmountMinor = instalment.AmountMinor,
                });
            }
        }

        private void Note(Guid? invoiceId, string reason) => notes.Add(new PlanningNote(Id, invoiceId, reason));

        private void Check(DateOnly? date)
        {
            if (date is { } d && d > asOf && (NextCheck is null || d < NextCheck))
            {
                NextCheck = d;
            }
        }
    }
}
