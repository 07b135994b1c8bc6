using System.Text.RegularExpressions;
using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Encaisse.Dunning.Channels;

public sealed record BounceResult(bool Matched, Guid? ActionId, Guid? CustomerId, Guid? TaskId, string Detail);

/// <summary>
/// Reads a delivery status notification (RFC 3464 DSN, or any bounce that quotes the original headers), finds the
/// reminder by its Message-ID, marks the contact's address as failing and opens a BouncedEmail task.
/// </summary>
public static partial class DunningBounces
{
    public static async Task<BounceResult> IngestAsync(Encaisse.Storage.EncaisseDb db, Stream raw, TimeProvider clock, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await raw.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        MimeMessage bounce;
        try
        {
            bounce = await MimeMessage.LoadAsync(buffer, ct);
        }
        catch (FormatException e)
        {
            return new BounceResult(false, null, null, null, "not a mail message: " + e.Message);
        }

        var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        var candidates = MessageIdPattern().Matches(text).Select(m => m.Groups[1].Value)
            .Where(id => id != bounce.MessageId).Distinct().ToList();
        if (candidates.Count == 0)
        {
            return new BounceResult(false, null, null, null, "no original Message-ID found in the bounce");
        }

        var action = await db.Set<DunningAction>().FirstOrDefaultAsync(a => a.MessageId != null && candidates.Contains(a.MessageId), ct);
        if (action is null)
        {
            return new BounceResult(false, null, null, null, "the bounce does not refer to a reminder sent by this tenant");
        }

        var now = clock.GetUtcNow();
        if (action.ContactId is { } contactId && await db.Contacts.FirstOrDefaultAsync(c => c.Id == contactId, ct) is { } contact)
        {
            contact.EmailFailing = true;
        }

        var title = Tasks.TaskTitles.Of("bounced");
        var task = new CollectionTask
        {
            TenantId = db.TenantId,
            CustomerId = action.CustomerId,
            Kind = CollectionTaskKind.BouncedEmail,
            Title = title.French,
            TitleText = title.Stored,
            DueOn = DateOnly.FromDateTime(now.UtcDateTime),
            DunningActionId = action.Id,
            CreatedAt = now,
        };
        db.Add(task);
        action.Outcome = Truncate("bounced: " + (StatusPattern().Match(text) is { Success: true } m ? m.Value : bounce.Subject));
        db.Add(TimelineText.Entry(db.TenantId, action.CustomerId, now, "dunning.bounced", "system",
            TimelineText.Of("dunning.bounced", ("step", action.StepKey), ("cycle", action.Cycle))));
        await db.SaveChangesAsync(ct);
        return new BounceResult(true, action.Id, action.CustomerId, task.Id, action.Outcome);
    }

    private static string Truncate(string s) => s.Length <= 900 ? s : s[..900];

    [GeneratedRegex(@"Message-ID:\s*<([^>\s]+)>", RegexOptions.IgnoreCase)]
    private static partial Regex MessageIdPattern();

    [GeneratedRegex(@"Status:\s*[245]\.\d+\.\d+", RegexOptions.IgnoreCase)]
    private static partial Regex StatusPattern();
}
