using System.Security.Cryptography;
using Encaisse.Documents;
using Encaisse.Dunning.Letters;
using Encaisse.Dunning.Planning;
using Encaisse.Dunning.Templates;
using Encaisse.Ledger;
using Encaisse.Storage;

namespace Encaisse.Dunning.Running;

/// <summary>Turns a planned action into its outbox row with the exact content that will be sent.</summary>
internal sealed class ActionComposer(Tenant tenant, DunningSettings settings, ILegalClaimsSource legal)
{
    private readonly Dictionary<(string, string), (string Subject, string Body)> templates = [];

    public async Task<DunningAction> ComposeAsync(EncaisseDb db, PlannedAction planned, Customer customer, DateOnly asOf, DateTimeOffset now, CancellationToken ct)
    {
        var items = planned.Items.Select(i => i.Item).ToList();
        var action = new DunningAction
        {
            TenantId = tenant.Id,
            CustomerId = customer.Id,
            StepKey = planned.StepKey,
            StepNumber = planned.StepNumber,
            Cycle = planned.Cycle,
            PlanId = planned.PlanId,
            Channel = planned.Channel,
            Tone = planned.Tone,
            TemplateKey = planned.TemplateKey,
            Status = planned.NeedsApproval ? DunningActionStatus.AwaitingApproval : DunningActionStatus.Planned,
            PlannedOn = asOf,
            Level = planned.Level,
            InvoiceIds = string.Join(',', items.Select(i => i.DocumentId).Distinct()),
            AmountMinor = items.Sum(i => i.OpenMinor),
            Currency = items.FirstOrDefault()?.Currency ?? tenant.Currency,
            NextAttemptAt = now,
            CreatedAt = now,
        };
        var contacts = customer.Contacts.OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Id).ToList();
        var language = customer.Language == "en" ? "en" : "fr";
        switch (planned.Channel)
        {
            case DunningChannel.Email:
            {
                var contact = contacts.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Email) && !c.EmailFailing);
                var message = await RenderAsync(db, planned, customer, contact, language, asOf, html: true, ct);
                action.ContactId = contact?.Id;
                action.Recipient = contact?.Email;
                action.Subject = message.Subject;
                action.Body = message.Body;
                action.MessageId = $"{action.Id:N}@encaisse.{tenant.Code}";
                action.ContentHash = Hash(System.Text.Encoding.UTF8.GetBytes(message.Subject + "\n" + message.Body));
                action.StoragePath = $"db:dunning_action/{action.Id}/body";
                break;
            }

            case DunningChannel.Letter:
            {
                var contact = contacts.FirstOrDefault();
                var letter = DunningLetter.Build(tenant, customer, contact, planned.Tone, items, asOf,
                    legal.ClaimsFor(customer, items, asOf));
                action.ContactId = contact?.Id;
                action.Recipient = customer.BillingAddress.IsEmpty ? null : "postal";
                action.Subject = letter.Subject;
                action.Document = LetterPdf.Render(letter);
                action.ContentHash = Hash(action.Document);
                action.StoragePath = $"db:dunning_action/{action.Id}/document";
                break;
            }

            case DunningChannel.Sms:
            {
                var contact = contacts.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Phone));
                var message = await RenderAsync(db, planned with { TemplateKey = "sms" }, customer, contact, language, asOf, html: false, ct);
                action.ContactId = contact?.Id;
                action.Recipient = contact?.Phone;
                action.Body = message.Body;
                action.ContentHash = Hash(System.Text.Encoding.UTF8.GetBytes(message.Body));
                action.StoragePath = $"db:dunning_action/{action.Id}/body";
                break;
            }

            default:
            {
                var message = await RenderAsync(db, planned, customer, contacts.FirstOrDefault(), language, asOf, html: false, ct);
                action.Subject = message.Subject.Length > 290 ? message.Subject[..290] : message.Subject;
                action.Body = message.Body;
                break;
            }
        }

        return action;
    }

    private async Task<RenderedMessage> RenderAsync(EncaisseDb db, PlannedAction planned, Customer customer, Contact? contact,
        string language, DateOnly asOf, bool html, CancellationToken ct)
    {
        if (!templates.TryGetValue((planned.TemplateKey, language), out var template))
        {
            template = await TemplateRenderer.LoadAsync(db, planned.TemplateKey, language, ct);
            templates[(planned.TemplateKey, language)] = template;
        }

        var variables = MessageVariables.For(tenant, customer, contact, planned, asOf, settings.PortalBaseUrl);
        return TemplateRenderer.Render(template.Subject, template.Body, variables, html);
    }

    private static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
