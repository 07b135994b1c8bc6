using Encaisse.Documents;
using Encaisse.Ledger;

namespace Encaisse.Legal.Documents;

/// <summary>What the declaration contains beyond the ledger: the publication, the mandataire, the deadline.</summary>
public sealed record ProofOfClaimFacts(DateOnly OpenedOn, DateOnly PublishedOn, string? Mandataire, IReadOnlyList<string> MandataireAddress)
{
    public string ProcedureKind { get; init; } = "procédure collective";
}

/// <summary>A future instalment or invoice not yet due at the opening date.</summary>
public sealed record FutureAmount(string Number, DateOnly DueDate, decimal Amount);

/// <summary>Déclaration de créance to the mandataire judiciaire (L622-24, L622-25, R622-23, R622-24 C. com.; french-law.md §7).</summary>
public static class ProofOfClaimDocument
{
    public static (LetterDocument Letter, DateOnly Deadline, decimal Declared) Build(LegalCase legal, ProofOfClaimFacts facts, DateOnly issuedOn)
    {
        var t = legal.Tenant;
        var c = legal.Customer;
        // R622-24: +2 months when the creditor does not live where the court (the debtor's seat) sits.
        var outside = ProofOfClaim.Territory(t.Address.Country, t.Address.PostalCode) !=
            ProofOfClaim.Territory(c.BillingAddress.Country, c.BillingAddress.PostalCode);
        var deadline = ProofOfClaim.Deadline(facts.PublishedOn, outside);
        // What was owed on the opening date (ClaimRule, purpose ProofOfClaim): due and to fall due, disputed claims declared as
        // disputed, credits deducted; interest stopped at the opening judgment (L622-28), €40 where payment was not forbidden.
        var decision = legal.Decide(ClaimPurpose.ProofOfClaim, facts.OpenedOn, procedureOpenedOn: facts.OpenedOn);
        var claim = decision.Legal;
        var cur = decision.Currency;
        var lines = claim?.Lines.ToDictionary(l => (l.Invoice.InvoiceId, l.Invoice.InstalmentSequence)) ?? [];
        var rows = new List<IReadOnlyList<string>>();
        foreach (var item in decision.Claimed)
        {
            var line = lines.GetValueOrDefault((item.Item.DocumentId, item.Item.InstalmentSequence));
            var nature = item.Reason switch
            {
                ClaimReason.FallsDue => "à échoir",
                ClaimReason.Disputed => "contestée",
                _ => "échue",
            };
            rows.Add([ClaimText.Number(item.Item), LegalText.Date(item.Item.DueDate), nature, LegalText.Money(Currencies.FromMinor(item.Item.OpenMinor, cur), cur),
                line is null ? "" : LegalText.Money(line.Interest, cur), line is null || line.Indemnity == 0 ? "" : LegalText.Money(line.Indemnity, cur)]);
        }

        var future = decision.Claimed.Where(i => i.Reason == ClaimReason.FallsDue).Sum(i => i.Item.OpenMinor);
        var disputed = decision.Claimed.Where(i => i.Reason == ClaimReason.Disputed).Sum(i => i.Item.OpenMinor);
        var declared = Currencies.FromMinor(decision.TotalMinor, cur);
        var documents = decision.Claimed.Select(i => i.Item.Number).Distinct().Select(n => $"Copie de la facture n° {n}").ToList();
        documents.Add("Conditions générales de vente");
        documents.Add("Décompte des pénalités de retard arrêté au jour du jugement d'ouverture");
        documents.Add("Relevé de compte client");
        var totals = new List<(string, string)>(ClaimText.PrincipalTotals(decision, Localization.Catalogue.French))
        {
            ("dont créance à échoir", LegalText.Money(Currencies.FromMinor(future, cur), cur)),
        };
        if (disputed > 0)
        {
            totals.Add(("dont créance contestée (déclarée à titre provisionnel)", LegalText.Money(Currencies.FromMinor(disputed, cur), cur)));
        }

        totals.Add(("Intérêts arrêtés au jugement", LegalText.Money(claim?.Interest ?? 0m, cur)));
        totals.Add(("Indemnités forfaitaires", LegalText.Money(claim?.Indemnity ?? 0m, cur)));
        totals.Add(("Total déclaré", LegalText.Money(declared, cur)));
        var rateBasis = claim is null ? "" : LegalText.RateBasis(claim, legal.Policy.ToTerms()) + " ";

        var letter = new LetterDocument
        {
            // The words of the letter's layout ("Objet :") in the letter's language: for the French court officer, written in French.
            Language = Encaisse.Localization.Catalogue.French,
            Sender = LegalText.Creditor(t),
            Recipient = new LetterParty(facts.Mandataire ?? "Mandataire judiciaire", facts.MandataireAddress),
            PlaceAndDate = LegalText.PlaceAndDate(t, issuedOn),
            Banner = "LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION",
            References = [$"Débiteur : {c.LegalName}{(c.Siren is { } s ? " — SIREN " + LegalText.Siren(s) : "")}", $"Jugement d'ouverture du {LegalText.Date(facts.OpenedOn)}, publié au BODACC le {LegalText.Date(facts.PublishedOn)}"],
            Subject = $"Déclaration de créance — {facts.ProcedureKind}",
            Salutation = "Maître,",
            Paragraphs =
            [
                $"Conformément aux articles L622-24 et suivants du Code de commerce, nous déclarons au passif de {c.LegalName} la créance suivante, de nature chirographaire (aucune sûreté), arrêtée au jour du jugement d'ouverture.",
                $"Délai de déclaration : au plus tard le {LegalText.Date(deadline)} ({(outside ? "4" : "2")} mois à compter de la publication au BODACC, article R622-24 du Code de commerce).",
            ],
            Columns = [new("Facture", 2.4), new("Échéance", 1.7), new("Nature", 1.4), new("Principal", 2, ColumnAlign.Right), new("Intérêts", 1.8, ColumnAlign.Right), new("Indemnité", 1.7, ColumnAlign.Right)],
            Rows = rows,
            Totals = totals,
            ClosingParagraphs =
            [
                .. ClaimText.Explanations(decision, Localization.Catalogue.French),
                .. disputed > 0 ? ["Les créances contestées sont déclarées à titre provisionnel, sous réserve de la décision à intervenir sur la contestation (article L622-24 du Code de commerce) : une créance non déclarée est inopposable à la procédure."] : Array.Empty<string>(),
                "Modalités de calcul des intérêts : " + rateBasis + "Le jugement d'ouverture arrête le cours des intérêts (article L622-28 du Code de commerce) : aucun intérêt n'est déclaré au-delà. Les sommes à échoir sont déclarées avec leurs dates d'échéance.",
                "Bordereau des pièces justificatives (article R622-23) :",
                .. documents.Select((d, i) => $"{i + 1}. {d}"),
                "Nous certifions sincère et véritable la présente déclaration de créance (article L622-25 du Code de commerce).",
                "Veuillez agréer, Maître, l'expression de nos salutations distinguées.",
            ],
            SignatureName = t.Name,
            SignatureTitle = "Le représentant légal ou son préposé",
            Footer = LegalText.Footer(t),
        };
        return (letter, deadline, declared);
    }
}
