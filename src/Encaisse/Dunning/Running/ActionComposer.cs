using System.Security.Cryptography;
using Encaisse.Documents;
using Encaisse.Dunning.Letters;
using Encaisse.Dunning.Planning;
using Encaisse.Dunning.Templates;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Storage;

namespace Encaisse.Dunning.Running;

/// <summary>
/// Turns a planned action into its outbox row with the exact content that will be sent. Every amount a message states
/// comes from the claim rule (<see cref="ClaimRule"/>) on the customer's position: overdue items claimed, open credit notes
/// and unapplied payments deducted and listed, items not due or disputed listed apart, interest and indemnities on
/// letters to businesses — the same rule as the formal notice and the court files.
/// </summary>
internal sealed class ActionComposer(Tenant tenant, DunningSettings settings)
{
    /// <summary>
    /// The language of what the tenant's own staff read (call and task titles): the back office's default, French. The
    /// tenant has no language setting yet; when it has, it replaces this.
    /// </summary>
    internal const string StaffLanguage = Encaisse.Localization.Catalogue.French;

    private readonly Dictionary<(string, string), (string Subject, string Body)> templates = [];
    private Legal.Rates.RateTable? rates;
    private bool? anySold;

    /// <summary>The claim a planned step makes: a courtesy before the due date, a reminder, or a formal notice.</summary>
    public static ClaimPurpose PurposeOf(PlannedAction planned, DateOnly asOf) =>
        planned.Tone == DunningTone.FormalNotice ? ClaimPurpose.FormalNotice
        : planned.Kind == PlannedActionKind.Step && planned.Tone == DunningTone.Courtesy && planned.Items.Any(i => i.Item.DueDate >= asOf) ? ClaimPurpose.PreDueCourtesy
        : ClaimPurpose.Reminder;

    public async Task<DunningAction> ComposeAsync(EncaisseDb db, PlannedAction planned, Customer customer, DateOnly asOf, DateTimeOffset now, CancellationToken ct)
    {
        rates ??= await Legal.Storage.ReferenceRateStore.LoadAsync(db, ct);
        var legal = await LegalLedger.LoadAsync(db, tenant, customer, openOnly: true, rates, ct);
        var decision = legal.Decide(PurposeOf(planned, asOf), asOf);
        var items = planned.Kind == PlannedActionKind.Step ? decision.Claimed.Select(i => i.Item).ToList() : planned.Items.Select(i => i.Item).ToList();
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
            AmountMinor = planned.Kind == PlannedActionKind.Step ? decision.NetPrincipalMinor : items.Sum(i => i.OpenMinor),
            Currency = planned.Kind == PlannedActionKind.Step ? decision.Currency : items.FirstOrDefault()?.Currency ?? tenant.Currency,
            NextAttemptAt = now,
            CreatedAt = now,
        };
        var contacts = customer.Contacts.OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Id).ToList();
        var language = customer.Language == "en" ? "en" : "fr";
        // Invoices sold to a factor that the seller still collects (confidential factoring): every channel carries the subrogation mention.
        anySold ??= await Risk.Factoring.SubrogationMentions.AnyAssignedAsync(db, ct);
        var sold = anySold.Value ? await Risk.Factoring.SubrogationMentions.OfAsync(db, items.Select(i => i.DocumentId), ct) : [];
        switch (planned.Channel)
        {
            case DunningChannel.Email:
            {
                var contact = contacts.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Email) && !c.EmailFailing);
                var message = WithMention(await RenderAsync(db, planned, decision, customer, contact, language, asOf, html: true, ct),
                    Risk.Factoring.SubrogationMentions.Texts(sold, language));
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
                var built = DunningLetter.Build(tenant, customer, contact, planned.Tone, decision, asOf);
                var letter = Risk.Factoring.SubrogationMentions.On(built, Risk.Factoring.SubrogationMentions.Texts(sold, built.Language));
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
                // SMS to mobiles only, in E.164; without a mobile the step becomes a call task (ComposeSmsAsync, below).
                await ComposeSmsAsync(db, action, planned, decision, customer, contacts, language, asOf, ct);
                if (action.Channel == DunningChannel.Sms && Risk.Factoring.SubrogationMentions.Sms(sold, language) is { } mention)
                {
                    action.Body = action.Body + " " + mention;
                    action.ContentHash = Hash(System.Text.Encoding.UTF8.GetBytes(action.Body));
                }

                break;
            }

            default:
            {
                // Calls and tasks are read by the tenant's staff, not by the customer: written in the back office's language.
                var message = await RenderAsync(db, planned, decision, customer, contacts.FirstOrDefault(), StaffLanguage, asOf, html: false, ct);
                action.Subject = message.Subject.Length > 290 ? message.Subject[..290] : message.Subject;
                action.Body = message.Body;
                break;
            }
        }

        return action;
    }

    private async Task<RenderedMessage> RenderAsync(EncaisseDb db, PlannedAction planned, ClaimDecision decision, Customer customer, Contact? contact,
        string language, DateOnly asOf, bool html, CancellationToken ct)
    {
        if (!templates.TryGetValue((planned.TemplateKey, language), out var template))
        {
            template = await TemplateRenderer.LoadAsync(db, planned.TemplateKey, language, ct);
            templates[(planned.TemplateKey, language)] = template;
        }

        var variables = MessageVariables.For(tenant, customer, contact, planned, decision, asOf, settings.PortalBaseUrl);
        return TemplateRenderer.Render(template.Subject, template.Body, variables, html);
    }

    /// <summary>The e-mail with the subrogation mentions as its last paragraphs (inside the body when the template wrote a whole page).</summary>
    private static RenderedMessage WithMention(RenderedMessage message, IReadOnlyList<string> mentions)
    {
        if (mentions.Count == 0)
        {
            return message;
        }

        var html = string.Concat(mentions.Select(m => "<p class=\"subrogation\" style=\"border:1px solid #888;padding:8px\">" + Html.Encode(m) + "</p>"));
        var end = message.Body.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        return message with { Body = end < 0 ? message.Body + html : message.Body.Insert(end, html) };
    }

    private static readonly System.Text.Encodings.Web.HtmlEncoder Html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    // ---- SMS recipients (issue 12): mobiles only, in E.164 (Channels.PhoneRules); docs/dunning.md "SMS". ----

    /// <summary>
    /// The contact an SMS goes to: the first contact (primary first) whose number is a valid mobile in the customer's
    /// country; else the first contact with a number, with what is wrong with it (landline, invalid).
    /// </summary>
    internal static (Contact? Contact, Channels.PhoneCheck Phone) SmsContact(Customer customer, IReadOnlyList<Contact> contacts)
    {
        var checks = contacts.Where(c => !string.IsNullOrWhiteSpace(c.Phone))
            .Select(c => (Contact: (Contact?)c, Phone: Channels.PhoneRules.Check(c.Phone, customer.BillingAddress.Country)))
            .ToList();
        return checks.FirstOrDefault(c => c.Phone.CanText) is { Contact: not null } mobile ? mobile
            : checks.FirstOrDefault() is { Contact: not null } first ? first
            : (null, Channels.PhoneRules.Check(null));
    }

    /// <summary>The SMS of a step, to the first valid mobile in E.164; a call task instead when the numbers cannot take one.</summary>
    private async Task ComposeSmsAsync(EncaisseDb db, DunningAction action, PlannedAction planned, ClaimDecision decision, Customer customer,
        IReadOnlyList<Contact> contacts, string language, DateOnly asOf, CancellationToken ct)
    {
        var (contact, phone) = SmsContact(customer, contacts);
        if (!phone.CanText && phone.Kind != Channels.PhoneKind.Missing)
        {
            await ComposeCallInsteadOfSmsAsync(db, action, planned, decision, customer, contact, phone, StaffLanguage, asOf, ct);
            return;
        }

        var sms = decision.Purpose == ClaimPurpose.PreDueCourtesy ? "sms-courtesy" : "sms";
        var message = await RenderAsync(db, planned with { TemplateKey = sms }, decision, customer, contact, language, asOf, html: false, ct);
        action.ContactId = contact?.Id;
        action.Recipient = phone.E164;
        action.Body = message.Body;
        action.ContentHash = Hash(System.Text.Encoding.UTF8.GetBytes(message.Body));
        action.StoragePath = $"db:dunning_action/{action.Id}/body";
    }

    /// <summary>
    /// No mobile to text: the step becomes a call task for the customer's collector (same outbox key, channel Call,
    /// template "call"), whose title says why (a landline to call, or a number to correct first). A customer with no number at
    /// all keeps the SMS step, which the sender skips with "no phone number".
    /// </summary>
    private async Task ComposeCallInsteadOfSmsAsync(EncaisseDb db, DunningAction action, PlannedAction planned, ClaimDecision decision, Customer customer,
        Contact? contact, Channels.PhoneCheck phone, string language, DateOnly asOf, CancellationToken ct)
    {
        var message = await RenderAsync(db, planned with { TemplateKey = "call" }, decision, customer, contact, language, asOf, html: false, ct);
        var why = Localization.Catalogue.Text(language, phone.Kind == Channels.PhoneKind.Invalid ? "dunning.smsToCall.invalid" : "dunning.smsToCall.notMobile",
            ("number", phone.E164 ?? contact?.Phone));
        var subject = why + " " + message.Subject;
        action.Channel = DunningChannel.Call;
        action.TemplateKey = "call";
        action.ContactId = contact?.Id;
        action.Recipient = null;
        action.Subject = subject.Length > 290 ? subject[..290] : subject;
        action.Body = message.Body;
    }
}
