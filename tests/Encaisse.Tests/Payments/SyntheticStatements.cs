using System.Globalization;
using System.Text;

namespace Encaisse.Tests.Payments;

/// <summary>Small camt.053.001.02 statements written by the tests (balances consistent).</summary>
internal static class SyntheticStatements
{
    public sealed record Entry(decimal Amount, string? Name = null, string? Iban = null, string? Text = null, string? EndToEndId = null, string? ReturnReason = null, string? Mandate = null);

    public static string Camt(DateOnly date, decimal opening, params Entry[] entries)
    {
        static string F(decimal d) => Math.Abs(d).ToString("0.00", CultureInfo.InvariantCulture);
        var closing = opening + entries.Sum(e => e.Amount);
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>")
          .Append("<GrpHdr><MsgId>T1</MsgId><CreDtTm>2026-04-01T08:00:00</CreDtTm></GrpHdr><Stmt><Id>S1</Id><CreDtTm>2026-04-01T08:00:00</CreDtTm>")
          .Append("<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>");
        void Bal(string code, decimal amount) => sb.Append($"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{F(amount)}</Amt><CdtDbtInd>{(amount < 0 ? "DBIT" : "CRDT")}</CdtDbtInd><Dt><Dt>{date:yyyy-MM-dd}</Dt></Dt></Bal>");
        Bal("OPBD", opening);
        Bal("CLBD", closing);
        foreach (var e in entries)
        {
            var credit = e.Amount >= 0;
            sb.Append($"<Ntry><Amt Ccy=\"EUR\">{F(e.Amount)}</Amt><CdtDbtInd>{(credit ? "CRDT" : "DBIT")}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>{date:yyyy-MM-dd}</Dt></BookgDt><ValDt><Dt>{date:yyyy-MM-dd}</Dt></ValDt>")
              .Append("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls>")
              .Append($"<Refs><EndToEndId>{e.EndToEndId ?? "NOTPROVIDED"}</EndToEndId>{(e.Mandate is null ? "" : $"<MndtId>{e.Mandate}</MndtId>")}</Refs>");
            var role = credit ? "Dbtr" : "Cdtr";
            if (e.Name is not null || e.Iban is not null)
            {
                sb.Append("<RltdPties>");
                if (e.Name is not null)
                {
                    sb.Append($"<{role}><Nm>{e.Name}</Nm></{role}>");
                }

                if (e.Iban is not null)
                {
                    sb.Append($"<{role}Acct><Id><IBAN>{e.Iban}</IBAN></Id></{role}Acct>");
                }

                sb.Append("</RltdPties>");
            }

            if (e.Text is not null)
            {
                sb.Append($"<RmtInf><Ustrd>{e.Text}</Ustrd></RmtInf>");
            }

            if (e.ReturnReason is not null)
            {
                sb.Append($"<RtrInf><Rsn><Cd>{e.ReturnReason}</Cd></Rsn></RtrInf>");
            }

            sb.Append("</TxDtls></NtryDtls></Ntry>");
        }

        sb.Append("</Stmt></BkToCstmrStmt></Document>");
        return sb.ToString();
    }
}
