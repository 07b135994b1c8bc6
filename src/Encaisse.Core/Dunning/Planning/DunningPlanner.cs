using Encaisse.Ledger;

namespace Encaisse.Dunning.Planning;

/// <summary>
/// The pure dunning decision: snapshot + as-of date → the messages due today, why others are paused, promises
/// found broken and the next date worth checking. Rules (docs/dunning.md):
/// one message per customer and step listing every invoice due for attention; steps are taken in their order, one at a
/// time — the first message a customer receives is the first step that applies (a courtesy step only while an invoice
/// is not yet due), and after a gap (an outage, a new plan) the next step follows the last one sent at the plan's own
/// spacing, never jumping to a later step; a hand-off step (template "handoff": agency, court) waits for a formal
/// notice sent in the cycle and its deadline; steps never go backwards within a cycle; open credit notes and unapplied
/// payments are deducted from what is overdue (nothing is sent while they cover it); a cycle ends when none of the
/// invoices dunned in it is still dunnable.
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
                Note(null, "insolvency", ("date", opened));
                return;
            }

            if (c.CeasedOn is { } ceased && ceased <= asOf)
            {
                Note(null, "ceased", ("date", ceased));
                return;
            }

            if (c.Holds.FirstOrDefault(h => h.InvoiceId is null && h.AppliesOn(asOf)) is { } hold)
            {
                Note(null, "hold." + hold.Kind.ToString().ToLowerInvariant(), ("reason", hold.Reason));
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
                Note(null, "noPlan");
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
                    Note(null, "promise", ("date", promise.PromisedDate), ("until", end));
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
                Note(item.InvoiceId, "factored");
                return false;
            }

            if (c.DisputedInvoices.Contains(item.InvoiceId))
            {
                Note(item.InvoiceId, "dispute");
                return false;
            }

            if (c.Holds.Count > 0 && c.Holds.FirstOrDefault(h => h.InvoiceId == item.InvoiceId && h.AppliesOn(asOf)) is { } hold)
            {
                Note(item.InvoiceId, "hold." + hold.Kind.ToString().ToLowerInvariant(), ("reason", hold.Reason));
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
                Note(null, "awaitingApproval", ("step", pending.StepKey));
                waiting.Add(new WaitingAction(Id, pending.StepKey, pending.Cycle));
                return;
            }

            var maxTaken = c.History.Where(h => h.Cycle == cycle && h.StepNumber is not null).Select(h => h.StepNumber!.Value).DefaultIfEmpty(0).Max();
            var currency = eligible[0].Item.Currency;
            var credits = c.Credits.Where(cr => cr.Currency == currency).Sum(cr => cr.AvailableMinor);
            var grossOverdue = eligible.Where(i => i.Item.DueDate < asOf && i.Item.Currency == currency).Sum(i => i.Item.OpenMinor);
            var overdue = Math.Max(0, grossOverdue - credits);
            if (credits > 0 && credits >= eligible.Where(i => i.Item.Currency == currency).Sum(i => i.Item.OpenMinor))
            {
                Note(null, "creditsCoverOpen");
                return;
            }

            var steps = plan.OrderedSteps.Where(s => Fits(s, overdue)).ToList();
            if (steps.Count == 0)
            {
                Note(null, "noStep");
                return;
            }

            var levels = eligible
                .Select(i => (Item: i, Days: asOf.DayNumber - i.Item.DueDate.DayNumber))
                .Select(x => (x.Item, x.Days, Step: steps.LastOrDefault(s => s.OffsetDays <= x.Days)))
                .Where(x => x.Step is not null)
                .ToList();
            var mostLate = levels.Count == 0 ? (int?)null : levels.Max(x => x.Days);
            var notYetDue = levels.Any(x => x.Days < 0);
            // The next step in order that the most late invoice has reached: a courtesy (pre-due) step only while an invoice is not yet due.
            var target = mostLate is not { } days ? null
                : steps.Where(s => s.Number > maxTaken && s.OffsetDays <= days && (s.OffsetDays >= 0 || notYetDue)).MinBy(s => s.Number);
            if (target is null)
            {
                NextStepCheck(steps, eligible, Math.Max(maxTaken, steps.Where(s => s.OffsetDays <= (mostLate ?? int.MinValue)).Select(s => s.Number).DefaultIfEmpty(0).Max()));
                return;
            }

            if (target.OffsetDays >= 0 && overdue <= 0)
            {
                Note(null, "creditsCoverOverdue");
                NextStepCheck(steps, eligible, maxTaken);
                return;
            }

            // After a gap (outage, plan change), keep the plan's spacing from the last step actually sent in the cycle; and a step
            // may ask for days since the last contact. The later of the two applies.
            DateOnly? waitUntil = null;
            (string Code, (string, object?)[] Args)? why = null;
            if (c.History.Where(h => h.Cycle == cycle && h.Delivered && h.StepNumber is not null).MaxBy(h => h.StepNumber) is { } lastSent
                && steps.FirstOrDefault(s => s.Number == lastSent.StepNumber) is { } lastStep && target.OffsetDays > lastStep.OffsetDays)
            {
                waitUntil = lastSent.PlannedOn.AddDays(target.OffsetDays - lastStep.OffsetDays);
                why = ("followsStep", [("step", target.Number), ("previous", lastStep.Number), ("sent", lastSent.PlannedOn), ("due", waitUntil)]);
            }

            var lastContact = new[] { c.LastContactOn, c.History.Where(h => h.Delivered).Select(h => (DateOnly?)h.PlannedOn).Max() }.Max();
            if (target.MinDaysSinceLastContact is { } wait && lastContact is { } last && (waitUntil is null || last.AddDays(wait) > waitUntil))
            {
                waitUntil = last.AddDays(wait);
                why = ("waitsContact", [("step", target.Number), ("until", waitUntil), ("days", wait)]);
            }

            if (waitUntil is { } until && asOf < until)
            {
                Note(null, why!.Value.Code, why.Value.Args);
                Check(until);
                return;
            }

            if (IsHandOff(target) && !NoticeDeadlinePassed(plan, cycle, out var noticeWait))
            {
                if (noticeWait is { } deadline)
                {
                    Note(null, "handOffWaitsNotice", ("step", target.Number), ("deadline", deadline));
                }
                else
                {
                    Note(null, "handOffNeedsNotice", ("step", target.Number));
                }

                Check(noticeWait);
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

        /// <summary>A hand-off to an agency or a court (template "handoff").</summary>
        private static bool IsHandOff(DunningStep step) => string.Equals(step.TemplateKey, "handoff", StringComparison.OrdinalIgnoreCase);

        /// <summary>A formal notice was sent in the cycle and the days it gave to pay have passed.</summary>
        private bool NoticeDeadlinePassed(DunningPlan plan, int cycle, out DateOnly? waitUntil)
        {
            var notices = plan.Steps.Where(s => s.Tone == DunningTone.FormalNotice && !IsHandOff(s)).Select(s => s.Number).ToHashSet();
            var sent = c.History.Where(h => h.Cycle == cycle && h.Delivered && h.StepNumber is { } n && notices.Contains(n))
                .Select(h => (DateOnly?)h.PlannedOn).Min();
            if (sent is not { } on)
            {
                waitUntil = null;
                return false;
            }

            var deadline = on.AddDays(settings.NoticeDays + 1);
            waitUntil = deadline;
            return asOf >= deadline;
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
            Note(null, "paymentPlan");
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

        private void Note(Guid? invoiceId, string code, params (string Name, object? Value)[] args) => notes.Add(PlanningNote.Of(Id, invoiceId, code, args));

        private void Check(DateOnly? date)
        {
            if (date is { } d && d > asOf && (NextCheck is null || d < NextCheck))
            {
                NextCheck = d;
            }
        }
    }
}
