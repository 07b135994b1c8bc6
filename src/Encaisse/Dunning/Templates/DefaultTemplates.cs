namespace Encaisse.Dunning.Templates;

/// <summary>
/// Built-in Liquid templates per key and language. A tenant overrides any of them through the API
/// (<see cref="DunningTemplate"/> rows). E-mail bodies are HTML; SMS, call and task templates are text.
/// </summary>
internal static class DefaultTemplates
{
    private const string TableFr = """
        <table border="1" cellpadding="4" cellspacing="0">
        <tr><th>Facture</th><th>Date</th><th>Échéance</th><th>Montant TTC</th><th>Reste dû</th><th>Retard (jours)</th></tr>
        {% for i in invoices %}<tr><td>{{ i.number }}</td><td>{{ i.issue_date }}</td><td>{{ i.due_date }}</td><td>{{ i.amount }}</td><td>{{ i.open_amount }}</td><td>{{ i.days_late }}</td></tr>
        {% endfor %}</table>
        {% if credits %}<p>Déduits de ce montant :</p><ul>{% for c in credits %}<li>{{ c.text }}</li>{% endfor %}</ul>{% endif %}
        <p>Total restant dû : <strong>{{ totals.open }}</strong></p>
        {% if upcoming %}<p>Pour information, non échues à ce jour :</p><ul>{% for i in upcoming %}<li>{{ i.number }} : {{ i.open_amount }}, échéance le {{ i.due_date }}</li>{% endfor %}</ul>{% endif %}
        {% if listed %}<p>Non réclamées dans ce message :</p><ul>{% for i in listed %}<li>{{ i.number }} ({{ i.open_amount }}) : {{ i.reason }}</li>{% endfor %}</ul>{% endif %}
        """;

    private const string TableEn = """
        <table border="1" cellpadding="4" cellspacing="0">
        <tr><th>Invoice</th><th>Date</th><th>Due date</th><th>Amount</th><th>Outstanding</th><th>Days late</th></tr>
        {% for i in invoices %}<tr><td>{{ i.number }}</td><td>{{ i.issue_date }}</td><td>{{ i.due_date }}</td><td>{{ i.amount }}</td><td>{{ i.open_amount }}</td><td>{{ i.days_late }}</td></tr>
        {% endfor %}</table>
        {% if credits %}<p>Deducted from this amount:</p><ul>{% for c in credits %}<li>{{ c.text }}</li>{% endfor %}</ul>{% endif %}
        <p>Total outstanding: <strong>{{ totals.open }}</strong></p>
        {% if upcoming %}<p>For information, not yet due:</p><ul>{% for i in upcoming %}<li>{{ i.number }}: {{ i.open_amount }}, due on {{ i.due_date }}</li>{% endfor %}</ul>{% endif %}
        {% if listed %}<p>Not claimed in this message:</p><ul>{% for i in listed %}<li>{{ i.number }} ({{ i.open_amount }}): {{ i.reason }}</li>{% endfor %}</ul>{% endif %}
        """;

    private const string SignFr = "<p>Pour régler : virement sur l'IBAN {{ tenant.iban }}{% if portal_link %} ou en ligne : <a href=\"{{ portal_link }}\">{{ portal_link }}</a>{% endif %}.</p><p>Cordialement,<br>{{ collector }}<br>{{ tenant.name }} — {{ tenant.phone }}</p>";
    private const string SignEn = "<p>To pay: bank transfer to IBAN {{ tenant.iban }}{% if portal_link %} or online: <a href=\"{{ portal_link }}\">{{ portal_link }}</a>{% endif %}.</p><p>Kind regards,<br>{{ collector }}<br>{{ tenant.name }} — {{ tenant.phone }}</p>";

    private static readonly Dictionary<(string Key, string Language), (string Subject, string Body)> All = new()
    {
        [("courtesy", "fr")] = ("Rappel : échéance prochaine de vos factures — {{ tenant.name }}",
            "<p>Bonjour {{ contact.name }},</p><p>Nous nous permettons de vous rappeler l'échéance prochaine des factures suivantes :</p>" + TableFr + "<p>Si le règlement est déjà parti, merci de ne pas tenir compte de ce message.</p>" + SignFr),
        [("courtesy", "en")] = ("Reminder: invoices falling due soon — {{ tenant.name }}",
            "<p>Hello {{ contact.name }},</p><p>This is a friendly reminder that the following invoices fall due soon:</p>" + TableEn + "<p>If payment is already on its way, please disregard this message.</p>" + SignEn),
        [("reminder", "fr")] = ("Relance : factures échues — {{ tenant.name }}",
            "<p>Bonjour {{ contact.name }},</p><p>Sauf erreur de notre part, les factures suivantes restent impayées à ce jour ({{ days_late }} jours de retard) :</p>" + TableFr + "<p>Merci de procéder à leur règlement dans les meilleurs délais ou de nous signaler toute difficulté.</p>" + SignFr),
        [("reminder", "en")] = ("Reminder: overdue invoices — {{ tenant.name }}",
            "<p>Hello {{ contact.name }},</p><p>Our records show the following invoices unpaid ({{ days_late }} days late):</p>" + TableEn + "<p>Please arrange payment promptly or let us know of any issue.</p>" + SignEn),
        [("firm", "fr")] = ("Deuxième relance : règlement attendu — {{ tenant.name }}",
            "<p>Bonjour {{ contact.name }},</p><p>Malgré notre précédente relance, les factures suivantes demeurent impayées ({{ days_late }} jours de retard) :</p>" + TableFr + "<p>Nous vous demandons de régulariser sous huit jours. À défaut, nous serons contraints d'engager la procédure de recouvrement.</p>" + SignFr),
        [("firm", "en")] = ("Second reminder: payment required — {{ tenant.name }}",
            "<p>Hello {{ contact.name }},</p><p>Despite our previous reminder, the following invoices remain unpaid ({{ days_late }} days late):</p>" + TableEn + "<p>Please settle within eight days; otherwise we will start recovery proceedings.</p>" + SignEn),
        [("formal-notice", "fr")] = ("Mise en demeure de payer — {{ tenant.name }}",
            "<p>{{ contact.name }},</p><p>Vous trouverez ci-joint notre mise en demeure de payer les sommes suivantes :</p>" + TableFr + SignFr),
        [("formal-notice", "en")] = ("Formal notice to pay — {{ tenant.name }}",
            "<p>{{ contact.name }},</p><p>Please find attached our formal notice to pay the following amounts:</p>" + TableEn + SignEn),
        [("call", "fr")] = ("Appeler {{ customer.name }} : {{ totals.count }} facture(s) impayée(s), {{ totals.open }}, {{ days_late }} jours de retard", ""),
        [("call", "en")] = ("Call {{ customer.name }}: {{ totals.count }} unpaid invoice(s), {{ totals.open }}, {{ days_late }} days late", ""),
        [("handoff", "fr")] = ("Transmettre {{ customer.name }} au recouvrement (agence ou injonction de payer) : {{ totals.open }}", ""),
        [("handoff", "en")] = ("Hand {{ customer.name }} over to collection (agency or payment order): {{ totals.open }}", ""),
        [("thanks", "fr")] = ("Merci pour votre règlement — {{ tenant.name }}",
            "<p>Bonjour {{ contact.name }},</p><p>Nous avons bien reçu votre règlement et vous en remercions. Votre compte est à jour.</p><p>Cordialement,<br>{{ tenant.name }}</p>"),
        [("thanks", "en")] = ("Thank you for your payment — {{ tenant.name }}",
            "<p>Hello {{ contact.name }},</p><p>We received your payment, thank you. Your account is up to date.</p><p>Kind regards,<br>{{ tenant.name }}</p>"),
        [("instalment", "fr")] = ("Échéance de votre plan de paiement le {{ instalment.due_date }} — {{ tenant.name }}",
            "<p>Bonjour {{ contact.name }},</p><p>Nous vous rappelons l'échéance de {{ instalment.amount }} prévue le {{ instalment.due_date }} dans votre plan de paiement.</p>" + SignFr),
        [("instalment", "en")] = ("Payment plan instalment due on {{ instalment.due_date }} — {{ tenant.name }}",
            "<p>Hello {{ contact.name }},</p><p>This is a reminder of the {{ instalment.amount }} instalment due on {{ instalment.due_date }} under your payment plan.</p>" + SignEn),
        [("sms", "fr")] = ("", "{{ tenant.name }} : {{ totals.count }} facture(s) échue(s) impayée(s), {{ totals.open }} restant dus. Merci de régulariser.{% if portal_link %} {{ portal_link }}{% endif %}"),
        [("sms", "en")] = ("", "{{ tenant.name }}: {{ totals.count }} overdue invoice(s), {{ totals.open }} outstanding. Please pay.{% if portal_link %} {{ portal_link }}{% endif %}"),
        [("sms-courtesy", "fr")] = ("", "{{ tenant.name }} : rappel, {{ totals.count }} facture(s) arrivent à échéance, {{ totals.open }}. Si le règlement est parti, merci d'ignorer ce message.{% if portal_link %} {{ portal_link }}{% endif %}"),
        [("sms-courtesy", "en")] = ("", "{{ tenant.name }}: reminder, {{ totals.count }} invoice(s) fall due soon, {{ totals.open }}. If payment is on its way, please ignore this message.{% if portal_link %} {{ portal_link }}{% endif %}"),
    };

    public static IEnumerable<(string Key, string Language)> Keys => All.Keys;

    /// <summary>The built-in template; unknown keys fall back to "reminder", unknown languages to French.</summary>
    public static (string Subject, string Body) For(string key, string language)
    {
        var lang = language == "en" ? "en" : "fr";
        return All.TryGetValue((key, lang), out var t) ? t : All[("reminder", lang)];
    }

    public static bool Exists(string key) => All.ContainsKey((key, "fr"));
}
