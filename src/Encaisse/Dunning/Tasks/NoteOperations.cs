using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Dunning.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Tasks;

public sealed record NoteView(Guid Id, string Text, string Author, DateTimeOffset At);

/// <summary>Free-text notes on a customer's file.</summary>
public static class NoteOperations
{
    public const int MaxLength = 4000;

    public static async Task<NoteView> AddAsync(CollectionsScope scope, string customerRef, string? text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var customer = await scope.CustomerAsync(customerRef, ct);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new OperationFailedException(OperationError.InvalidField("text", null, "note.empty"));
        }

        if (text.Length > MaxLength)
        {
            throw new OperationFailedException(OperationError.InvalidField("text", null, "note.tooLong", ("max", MaxLength)));
        }

        var note = Add(scope, customer.Id, text.Trim());
        await scope.Db.SaveChangesAsync(ct);
        return new NoteView(note.Id, note.Text, note.Author, note.At);
    }

    internal static CustomerNote Add(CollectionsScope scope, Guid customerId, string text)
    {
        var note = new CustomerNote { TenantId = scope.Tenant.Id, CustomerId = customerId, Text = text, Author = scope.Actor, At = scope.Now };
        scope.Db.Add(note);
        scope.Timeline(customerId, "note", "Note: " + text, data: new { noteId = note.Id }, text: TimelineText.Of("note", ("text", text)));
        return note;
    }

    public static async Task<IReadOnlyList<NoteView>> ListAsync(CollectionsScope scope, string customerRef, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var customer = await scope.CustomerAsync(customerRef, ct);
        var notes = await scope.Db.Set<CustomerNote>().AsNoTracking().Where(n => n.CustomerId == customer.Id).ToListAsync(ct);
        return notes.OrderByDescending(n => n.At).ThenByDescending(n => n.Id).Select(n => new NoteView(n.Id, n.Text, n.Author, n.At)).ToList();
    }
}
