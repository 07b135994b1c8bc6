using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Dunning.Disputes;
using Encaisse.Dunning.Promises;
using Encaisse.Dunning.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Tasks;

public sealed record CreateTask(string CustomerRef, string Title, DateOnly? DueOn = null, CollectionTaskKind Kind = CollectionTaskKind.Call, string? AssignedTo = null);

/// <summary>Filters of a task list; null = any.</summary>
public sealed record TaskFilter(string? CustomerRef = null, string? AssignedTo = null, CollectionTaskStatus? Status = null, CollectionTaskKind? Kind = null, DateOnly? DueBy = null);

/// <summary>A logged call. Promise needs amount and date; Dispute needs invoice numbers and reason; CallBack needs a date.</summary>
public sealed record LogCall(
    CallOutcome Outcome,
    string? Comment = null,
    decimal? PromiseAmount = null,
    DateOnly? PromiseDate = null,
    IReadOnlyList<string>? InvoiceNumbers = null,
    DisputeReason? DisputeReason = null,
    DateOnly? CallBackOn = null);

public sealed record TaskView(
    Guid Id, string CustomerRef, CollectionTaskKind Kind, string Title, DateOnly DueOn, string? AssignedTo, CollectionTaskStatus Status,
    string? Outcome, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

/// <summary>What a logged call produced: the closed task and whatever it created.</summary>
public sealed record CallLogged(TaskView Task, Guid? PromiseId, Guid? DisputeId, Guid? NextTaskId, Guid? NoteId);

/// <summary>Collector work: tasks, the calls of the day, call outcomes.</summary>
public static class CollectionTaskOperations
{
    /// <param name="written">A title Encaisse wrote (<see cref="TaskTitles"/>), whose French is the request's title: pages show it in their reader's language.</param>
    public static async Task<TaskView> CreateAsync(CollectionsScope scope, CreateTask request, CancellationToken ct, TaskTitle? written = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(request);
        var customer = await scope.CustomerAsync(request.CustomerRef, ct);
        var errors = new RequestErrors();
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            errors.Add("title", "task.titleRequired");
        }

        if (request.DueOn is { } due && due < scope.Today)
        {
            errors.Add("dueOn", "task.duePast", ("date", due));
        }

        if (!Enum.IsDefined(request.Kind))
        {
            errors.Add("kind", "task.kindUnknown");
        }

        errors.ThrowIfAny();
        var task = Add(scope, customer.Id, request.Kind, request.Title.Trim(), request.DueOn ?? scope.Today, request.AssignedTo ?? customer.Collector, written?.Stored);
        scope.Timeline(customer.Id, "task.created", $"Task '{task.Title}' due {task.DueOn:yyyy-MM-dd}" + (task.AssignedTo is null ? "" : $" for {task.AssignedTo}"),
            data: new { taskId = task.Id, kind = task.Kind },
            text: TimelineText.Of("task.created", ("title", task.Title), ("due", task.DueOn), ("for", task.AssignedTo)));
        await scope.Db.SaveChangesAsync(ct);
        return (await ViewsAsync(scope, scope.Db.Set<CollectionTask>().Where(t => t.Id == task.Id), ct))[0];
    }

    private static CollectionTask Add(CollectionsScope scope, Guid customerId, CollectionTaskKind kind, string title, DateOnly dueOn, string? assignedTo,
        string? titleText)
    {
        var task = new CollectionTask
        {
            TenantId = scope.Tenant.Id, CustomerId = customerId, Kind = kind, Title = title, TitleText = titleText, DueOn = dueOn,
            AssignedTo = string.IsNullOrWhiteSpace(assignedTo) ? null : assignedTo.Trim(), Status = CollectionTaskStatus.Open, CreatedAt = scope.Now,
        };
        scope.Db.Add(task);
        return task;
    }

    public static async Task<IReadOnlyList<TaskView>> ListAsync(CollectionsScope scope, TaskFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        var query = scope.Db.Set<CollectionTask>().AsQueryable();
        if (filter.CustomerRef is not null)
        {
            var customer = await scope.CustomerAsync(filter.CustomerRef, ct);
            query = query.Where(t => t.CustomerId == customer.Id);
        }

        if (filter.AssignedTo is { } who)
        {
            // A task without an assignee belongs to the customer's collector.
            query = query.Where(t => t.AssignedTo == who || (t.AssignedTo == null && scope.Db.Customers.Any(c => c.Id == t.CustomerId && c.Collector == who)));
        }

        if (filter.Status is { } status)
        {
            query = query.Where(t => t.Status == status);
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(t => t.Kind == kind);
        }

        if (filter.DueBy is { } dueBy)
        {
            query = query.Where(t => t.DueOn <= dueBy);
        }

        return await ViewsAsync(scope, query, ct);
    }

    /// <summary>Open call tasks due today or earlier for a collector (overdue calls first).</summary>
    public static Task<IReadOnlyList<TaskView>> CallsOfTheDayAsync(CollectionsScope scope, string collector, DateOnly? date, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return ListAsync(scope, new TaskFilter(AssignedTo: collector, Status: CollectionTaskStatus.Open, Kind: CollectionTaskKind.Call, DueBy: date ?? scope.Today), ct);
    }

    /// <summary>
    /// Logs a call's outcome on its task and closes it; a promise records a promise to pay, a dispute opens a
    /// dispute, a wrong number adds a note, a call-back creates the next call task. All in one save.
    /// </summary>
    public static async Task<CallLogged> LogCallAsync(CollectionsScope scope, Guid taskId, LogCall request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(request);
        var task = await scope.Db.Set<CollectionTask>().SingleOrDefaultAsync(t => t.Id == taskId, ct)
            ?? throw new OperationFailedException(OperationError.NotFound("task.notFound", ("task", taskId)));
        if (task.Status != CollectionTaskStatus.Open)
        {
            throw new OperationFailedException(OperationError.Conflict("task.notOpen", ("status", RefusalWords.State(task.Status))));
        }

        var customerRef = await scope.Db.Customers.Where(c => c.Id == task.CustomerId).Select(c => c.ExternalRef).SingleAsync(ct);
        var errors = new RequestErrors();
        if (!Enum.IsDefined(request.Outcome))
        {
            errors.Add("outcome", "call.outcomeUnknown");
        }

        Guid? promiseId = null, disputeId = null, nextTaskId = null, noteId = null;
        switch (request.Outcome)
        {
            case CallOutcome.Promise:
                if (request.PromiseAmount is null)
                {
                    errors.Add("promiseAmount", "call.promiseAmountRequired");
                }

                if (request.PromiseDate is null)
                {
                    errors.Add("promiseDate", "call.promiseDateRequired");
                }

                errors.ThrowIfAny();
                promiseId = (await Prefixed("promise", () => PromiseOperations.AddAsync(scope,
                    new RecordPromise(customerRef, request.PromiseAmount!.Value, request.PromiseDate!.Value, "phone", request.Comment), ct))).Id;
                break;
            case CallOutcome.Dispute:
                if (request.InvoiceNumbers is not { Count: > 0 })
                {
                    errors.Add("invoiceNumbers", "call.disputeInvoicesRequired");
                }

                errors.ThrowIfAny();
                disputeId = (await Prefixed("dispute", () => DisputeOperations.AddAsync(scope,
                    new OpenDispute(customerRef, request.InvoiceNumbers!, request.DisputeReason ?? Dunning.DisputeReason.Other, null, request.Comment, null, "phone"), ct))).Id;
                break;
            case CallOutcome.WrongNumber:
                noteId = NoteOperations.Add(scope, task.CustomerId, "Wrong phone number" + (string.IsNullOrWhiteSpace(request.Comment) ? "" : ": " + request.Comment.Trim())).Id;
                break;
            case CallOutcome.CallBack:
                if (request.CallBackOn is not { } on)
                {
                    errors.Add("callBackOn", "call.callBackDateRequired");
                }
                else if (on < scope.Today)
                {
                    errors.Add("callBackOn", "call.callBackPast", ("date", on));
                }

                errors.ThrowIfAny();
                nextTaskId = Add(scope, task.CustomerId, CollectionTaskKind.Call, task.Title, request.CallBackOn!.Value, task.AssignedTo, task.TitleText).Id;
                break;
            default:
                break;
        }

        errors.ThrowIfAny();
        var outcomeText = OutcomeText(request.Outcome);
        task.Status = CollectionTaskStatus.Done;
        task.CompletedAt = scope.Now;
        task.Outcome = Truncate(outcomeText + (string.IsNullOrWhiteSpace(request.Comment) ? "" : ": " + request.Comment.Trim()), 1000);
        scope.Timeline(task.CustomerId, "call.logged",
            $"Call logged: {outcomeText}" + (request.CallBackOn is { } cb && request.Outcome == CallOutcome.CallBack ? $" on {cb:yyyy-MM-dd}" : ""),
            data: new { taskId = task.Id, outcome = request.Outcome, promiseId, disputeId, nextTaskId },
            text: TimelineText.Of("call.logged", ("outcome", new Encaisse.Localization.Word(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(request.Outcome.ToString()))),
                ("on", request.CallBackOn is { } callBack && request.Outcome == CallOutcome.CallBack ? callBack : null)));
        await scope.Db.SaveChangesAsync(ct);
        var view = (await ViewsAsync(scope, scope.Db.Set<CollectionTask>().Where(t => t.Id == task.Id), ct))[0];
        return new CallLogged(view, promiseId, disputeId, nextTaskId, noteId);
    }

    /// <summary>Marks a task done (or cancelled) without a call outcome.</summary>
    public static async Task<TaskView> CompleteAsync(CollectionsScope scope, Guid taskId, string? comment, bool cancel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var task = await scope.Db.Set<CollectionTask>().SingleOrDefaultAsync(t => t.Id == taskId, ct)
            ?? throw new OperationFailedException(OperationError.NotFound("task.notFound", ("task", taskId)));
        if (task.Status != CollectionTaskStatus.Open)
        {
            throw new OperationFailedException(OperationError.Conflict("task.notOpen", ("status", RefusalWords.State(task.Status))));
        }

        task.Status = cancel ? CollectionTaskStatus.Cancelled : CollectionTaskStatus.Done;
        task.CompletedAt = scope.Now;
        task.Outcome = string.IsNullOrWhiteSpace(comment) ? task.Outcome : Truncate(comment.Trim(), 1000);
        scope.Timeline(task.CustomerId, cancel ? "task.cancelled" : "task.done", $"Task '{task.Title}' {(cancel ? "cancelled" : "done")}", data: new { taskId = task.Id },
            text: TimelineText.Of(cancel ? "task.cancelled" : "task.done", ("title", task.Title)));
        await scope.Db.SaveChangesAsync(ct);
        return (await ViewsAsync(scope, scope.Db.Set<CollectionTask>().Where(t => t.Id == task.Id), ct))[0];
    }

    private static async Task<T> Prefixed<T>(string prefix, Func<Task<T>> body)
    {
        try
        {
            return await body();
        }
        catch (OperationFailedException e) when (e.Error.Fields.Count > 0)
        {
            // Field names of the nested operation, as the call request names them; the codes and data stay.
            string Renamed(string field) => field switch { "amount" => prefix + "Amount", "date" => prefix + "Date", _ => field };
            var data = e.Error.Data.ToDictionary(d => d.Key, d => d.Key == "field" && d.Value is string f ? Renamed(f) : d.Value, StringComparer.Ordinal);
            throw new OperationFailedException(e.Error with { Data = data, Fields = [.. e.Error.Fields.Select(f => f with { Field = Renamed(f.Field) })] });
        }
    }

    private static string OutcomeText(CallOutcome outcome) => outcome switch
    {
        CallOutcome.WrongNumber => "wrong number",
        CallOutcome.CallBack => "call back",
        CallOutcome.NoAnswer => "no answer",
        CallOutcome.Promise => "promise to pay",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    private static async Task<List<TaskView>> ViewsAsync(CollectionsScope scope, IQueryable<CollectionTask> query, CancellationToken ct)
    {
        var tasks = await query.AsNoTracking().OrderBy(t => t.DueOn).ThenBy(t => t.Id).Take(1000).ToListAsync(ct);
        var ids = tasks.Select(t => t.CustomerId).Distinct().ToList();
        var customers = await scope.Db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (c.ExternalRef, c.Collector), ct);
        return tasks.Select(t => new TaskView(t.Id, customers.GetValueOrDefault(t.CustomerId).ExternalRef ?? "", t.Kind, t.Title, t.DueOn,
            t.AssignedTo ?? customers.GetValueOrDefault(t.CustomerId).Collector, t.Status, t.Outcome, t.CreatedAt, t.CompletedAt)).ToList();
    }
}
