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
        // Due part: principal, interest stopped at the opening judgment (L622-28), €40 where payment was not forbidden.
        var claim = legal.Claim(facts.OpenedOn, new ClaimOptions { InsolvencyOpenedOn = facts.OpenedOn });
        var future = FutureAmounts(legal, facts.OpenedOn);
        var cur = claim.Currency;
        var futureTotal = future.Sum(f => f.Amount);
        var declared = claim.Total + futureTotal;
        var rows = claim.Lines.Select(l => (IReadOnlyList<string>)[l.Invoice.Number, LegalText.Date(l.Invoice.DueDate), "échue",
            LegalText.Money(l.OpenPrincipal, cur), LegalText.Money(l.Interest, cur), LegalText.Money(l.Indemnity, cur)]).ToList();
        rows.AddRange(future.Select(f => (IReadOnlyList<string>)[f.Number, LegalText.Date(f.DueDate), "à échoir", LegalText.Money(f.Amount, cur), "", ""]));
        var documents = claim.Lines.Select(l => l.Invoice.Number).Concat(future.Select(f => f.Number)).Distinct()
            .Select(n => $"Copie de la facture n° {n}").ToList();
        documents.Add("Conditions générales de vente");
        documents.Add("Décompte des pénalités de retard arrêté au jour du jugement d'ouverture");
        documents.Add("Relevé de compte client");

        var letter = new LetterDocument
        {
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
            Totals =
            [
                ("Créance échue (principal)", LegalText.Money(claim.Principal, cur)),
                ("Intérêts arrêtés au jugement", LegalText.Money(claim.Interest, cur)),
                ("Indemnités forfaitaires", LegalText.Money(claim.Indemnity, cur)),
                ("Créance à échoir", LegalText.Money(futureTotal, cur)),
                ("Total déclaré", LegalText.Money(declared, cur)),
            ],
            ClosingParagraphs =
            [
                "Modalités de calcul des intérêts : " + LegalText.RateBasis(claim, legal.Policy.ToTerms()) + " Le jugement d'ouverture arrête le cours des intérêts (article L622-28 du Code de commerce) : aucun intérêt n'est déclaré au-delà. Les sommes à échoir sont déclarées avec leurs dates d'échéance.",
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

    /// <summary>Invoices issued before the opening whose due date is on or after it, with what was still open then.</summary>
    public static IReadOnlyList<FutureAmount> FutureAmounts(LegalCase legal, DateOnly openedOn)
    {
        var result = new List<FutureAmount>();
        foreach (var invoice in legal.Invoices.Where(i => i.Kind == DocumentKind.Invoice && i.IssueDate < openedOn && !i.IsFactored &&
                                                          !legal.DisputedInvoiceIds.Contains(i.Id) && (i.CancelledOn is null || i.CancelledOn > openedOn)))
        {
            var allocations = legal.Allocations.Where(a => a.InvoiceId == invoice.Id && a.AllocatedOn < openedOn).ToList();
            foreach (var part in LegalClaims.ToClaimInvoices(invoice, allocations, PenaltyTerms.Default).Where(p => p.DueDate >= openedOn))
            {
                var open = part.Original - part.Paid;
                if (open > 0)
                {
                    result.Add(new FutureAmount(part.Number + (part.InstalmentSequence is { } q ? $"/{q}" : ""), part.DueDate, open));
                }
            }
        }

        return result.OrderBy(f => f.DueDate).ToList();
    }
}
