using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Templates;

/// <summary>Saves or resets a tenant's own version of a template (API and settings page): syntax checked, never saved when invalid.</summary>
public static class TemplateStore
{
    /// <summary>Problems by field (language, key, subject, body); empty when valid.</summary>
    public static Dictionary<string, string[]> Check(string key, string language, string? subject, string? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (language is not ("fr" or "en"))
        {
            errors["language"] = ["fr or en."];
        }

        if (string.IsNullOrWhiteSpace(key) || key.Length > 50 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            errors["key"] = ["A template key is letters, digits and dashes (50 at most), e.g. reminder or formal-notice."];
        }

        if (TemplateRenderer.Validate(subject ?? "") is { } se)
        {
            errors["subject"] = [se];
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            errors["body"] = ["The body is empty."];
        }
        else if (TemplateRenderer.Validate(body) is { } be)
        {
            errors["body"] = [be];
        }

        return errors;
    }

    /// <summary>Stores the tenant's version after <see cref="Check"/>; returns the problems instead when there are any.</summary>
    public static async Task<Dictionary<string, string[]>> SaveAsync(EncaisseDb db, string key, string language, string? subject, string? body,
        DateTimeOffset now, CancellationToken ct)
    {
        var errors = Check(key, language, subject, body);
        if (errors.Count > 0)
        {
            return errors;
        }

        var row = await db.Set<DunningTemplate>().FirstOrDefaultAsync(t => t.Key == key && t.Language == language, ct);
        if (row is null)
        {
            row = new DunningTemplate { TenantId = db.TenantId, Key = key, Language = language, Subject = subject ?? "", Body = body! };
            db.Add(row);
        }

        row.Subject = subject ?? "";
        row.Body = body!;
        row.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>Removes the tenant's version: the built-in template applies again. False when there was none.</summary>
    public static async Task<bool> ResetAsync(EncaisseDb db, string key, string language, CancellationToken ct)
    {
        await Audit.AuditTrail.RecordDeletionAsync(db, db.Set<DunningTemplate>().Where(t => t.Key == key && t.Language == language), ct);
        var removed = await db.Set<DunningTemplate>().Where(t => t.Key == key && t.Language == language).ExecuteDeleteAsync(ct) > 0;
        await db.SaveChangesAsync(ct);
        return removed;
    }

    /// <summary>Loads the tenant's version, else the built-in one (null when neither exists).</summary>
    public static async Task<(string Subject, string Body, bool Customised)?> FindAsync(EncaisseDb db, string key, string language, CancellationToken ct)
    {
        var own = await db.Set<DunningTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Key == key && t.Language == language, ct);
        if (own is not null)
        {
            return (own.Subject, own.Body, true);
        }

        return DefaultTemplates.Exists(key) ? (DefaultTemplates.For(key, language).Subject, DefaultTemplates.For(key, language).Body, false) : null;
    }
}
