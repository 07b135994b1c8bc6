using System.CommandLine;

namespace Encaisse.Legal.Cli;

/// <summary><c>encaisse legal ...</c>: what French law lets the creditor claim, and the documents that claim it.</summary>
internal static class LegalCommands
{
    public static Command Build() => new("legal", "French legal engine: penalties, payment terms, identifiers, formal notices and escalation files")
    {
        PenaltyCommand.Build(),
        TermsCommands.DueDate(),
        TermsCommands.CheckId(),
        DocumentCommands.Notice(),
        DocumentCommands.Statement(),
        DocumentCommands.PaymentOrder(),
        DocumentCommands.ProofOfClaim(),
        PrescriptionCommand.Build(),
        PrescriptionCommand.Policy(),
    };
}
