namespace Encaisse.Bench.Reporting;

/// <summary>
/// Hand-written PostgreSQL for the same figures, as a report is commonly written: one correlated sum of
/// allocations per invoice. Each returns one checksum (the same one the bench computes from Encaisse's result).
/// </summary>
internal static class ReportingBaselines
{
    /// <summary>Σ over currencies of (open invoices − unused credit notes) on @asOf, via the per-customer, per-bucket report.</summary>
    public const string AgedBalance = """
        WITH open_docs AS (
            SELECT i.customer_id, i.currency, i.kind, i.due_date,
                   i.gross_minor - COALESCE((SELECT SUM(a.amount_minor) FROM allocations a
                                             WHERE (a.invoice_id = i.id AND i.kind = 'Invoice' OR a.credit_note_id = i.id AND i.kind = 'CreditNote')
                                               AND a.allocated_on <= @asOf), 0) AS open_minor
            FROM invoices i
            WHERE i.tenant_id = @tenant AND i.issue_date <= @asOf AND (i.cancelled_on IS NULL OR i.cancelled_on > @asOf)
        ), report AS (
            SELECT c.external_ref, o.currency,
                   SUM(CASE WHEN o.kind = 'Invoice' AND @asOf - o.due_date <= 0 THEN o.open_minor ELSE 0 END) AS not_due,
                   SUM(CASE WHEN o.kind = 'Invoice' AND @asOf - o.due_date BETWEEN 1 AND 30 THEN o.open_minor ELSE 0 END) AS d30,
                   SUM(CASE WHEN o.kind = 'Invoice' AND @asOf - o.due_date BETWEEN 31 AND 60 THEN o.open_minor ELSE 0 END) AS d60,
                   SUM(CASE WHEN o.kind = 'Invoice' AND @asOf - o.due_date BETWEEN 61 AND 90 THEN o.open_minor ELSE 0 END) AS d90,
                   SUM(CASE WHEN o.kind = 'Invoice' AND @asOf - o.due_date > 90 THEN o.open_minor ELSE 0 END) AS over90,
                   SUM(CASE WHEN o.kind = 'CreditNote' THEN o.open_minor ELSE 0 END) AS credits
            FROM open_docs o JOIN customers c ON c.id = o.customer_id
            WHERE o.open_minor > 0
            GROUP BY c.external_ref, o.currency
        )
        SELECT COALESCE(SUM(not_due + d30 + d60 + d90 + over90 - credits), 0)::bigint FROM report
        """;

    /// <summary>Σ over currencies of receivables on @asOf + sales of the 24 months + payments recovered in the 3-month window.</summary>
    public const string Kpis = """
        WITH params AS (
            SELECT (date_trunc('month', @asOf::date) - interval '2 months')::date - 1 AS window_start,
                   (date_trunc('month', @asOf::date) - interval '23 months')::date AS first_day
        ), docs AS (
            SELECT i.*, i.gross_minor - COALESCE((SELECT SUM(a.amount_minor) FROM allocations a
                                                  WHERE (a.invoice_id = i.id AND i.kind = 'Invoice' OR a.credit_note_id = i.id AND i.kind = 'CreditNote')
                                                    AND a.allocated_on <= @asOf), 0) AS open_minor
            FROM invoices i
            WHERE i.tenant_id = @tenant AND i.issue_date <= @asOf AND (i.cancelled_on IS NULL OR i.cancelled_on > @asOf)
        ), position AS (
            SELECT currency,
                   SUM(CASE WHEN kind = 'CreditNote' THEN -open_minor ELSE open_minor END) AS receivables,
                   SUM(CASE WHEN kind = 'Invoice' AND due_date >= @asOf THEN open_minor ELSE 0 END) AS current_minor,
                   SUM(CASE WHEN kind = 'Invoice' AND due_date < @asOf THEN open_minor ELSE 0 END) AS overdue_minor,
                   SUM(CASE WHEN kind = 'Invoice' AND due_date < @asOf THEN open_minor * (@asOf - due_date) ELSE 0 END) AS overdue_days
            FROM docs WHERE open_minor > 0 GROUP BY currency
        ), start_position AS (
            SELECT i.currency,
                   SUM(CASE WHEN i.kind = 'CreditNote' THEN -1 ELSE 1 END * (i.gross_minor - COALESCE((SELECT SUM(a.amount_minor) FROM allocations a
                        WHERE (a.invoice_id = i.id AND i.kind = 'Invoice' OR a.credit_note_id = i.id AND i.kind = 'CreditNote')
                          AND a.allocated_on <= p.window_start), 0))) AS beginning
            FROM invoices i CROSS JOIN params p
            WHERE i.tenant_id = @tenant AND i.issue_date <= p.window_start AND (i.cancelled_on IS NULL OR i.cancelled_on > p.window_start)
            GROUP BY i.currency
        ), sales AS (
            SELECT currency, date_trunc('month', issue_date) AS month,
                   SUM(CASE WHEN kind = 'CreditNote' THEN -gross_minor ELSE gross_minor END) AS sales
            FROM docs CROSS JOIN params p WHERE issue_date >= p.first_day GROUP BY currency, date_trunc('month', issue_date)
        ), paid AS (
            SELECT i.currency,
                   SUM(CASE WHEN i.issue_date <= p.window_start AND (i.cancelled_on IS NULL OR i.cancelled_on > p.window_start) THEN a.amount_minor ELSE 0 END) AS recovered,
                   SUM(a.amount_minor * (GREATEST(a.allocated_on, i.issue_date) - i.due_date)) AS paid_days
            FROM allocations a JOIN invoices i ON i.id = a.invoice_id CROSS JOIN params p
            WHERE a.tenant_id = @tenant AND a.payment_id IS NOT NULL AND a.allocated_on > p.window_start AND a.allocated_on <= @asOf
              AND i.kind = 'Invoice' AND (i.cancelled_on IS NULL OR i.cancelled_on > @asOf)
            GROUP BY i.currency
        ), promises AS (
            SELECT currency, COUNT(*) FILTER (WHERE status = 'Kept') AS kept FROM promise_to_pay CROSS JOIN params p
            WHERE tenant_id = @tenant AND resolved_on > p.window_start AND resolved_on <= @asOf GROUP BY currency
        )
        SELECT (COALESCE((SELECT SUM(receivables) FROM position), 0)
              + COALESCE((SELECT SUM(sales) FROM sales), 0)
              + COALESCE((SELECT SUM(recovered) FROM paid), 0)
              + 0 * COALESCE((SELECT SUM(beginning) FROM start_position), 0)
              + 0 * COALESCE((SELECT SUM(kept) FROM promises), 0))::bigint
        """;

    /// <summary>
    /// Baseline B, the aged balance as well written without a maintained total (ADR 0601): one pre-aggregated
    /// allocation sum per document as of @asOf, hash-joined to the invoices. Same checksum as <see cref="AgedBalance"/>.
    /// </summary>
    public const string AgedBalancePreAggregated = """
        WITH settled AS (
            SELECT doc, SUM(amount_minor) AS settled
            FROM (SELECT invoice_id AS doc, amount_minor FROM allocations WHERE tenant_id = @tenant AND allocated_on <= @asOf
                  UNION ALL
                  SELECT credit_note_id, amount_minor FROM allocations WHERE tenant_id = @tenant AND allocated_on <= @asOf AND credit_note_id IS NOT NULL) a
            GROUP BY doc
        ), open_docs AS (
            SELECT i.customer_id, i.currency, i.kind, i.due_date, i.gross_minor - COALESCE(s.settled, 0) AS open_minor
            FROM invoices i LEFT JOIN settled s ON s.doc = i.id
            WHERE i.tenant_id = @tenant AND i.issue_date <= @asOf AND (i.cancelled_on IS NULL OR i.cancelled_on > @asOf)
        ), report AS (
            SELECT c.external_ref, o.currency,
                   SUM(CASE WHEN o.kind = 'Invoice' AND @asOf - o.due_date <= 0 THEN o.open_minor ELSE 0 END) AS not_due,
                   SUM(CASE WHEN o.kind = 'Invoice' AND @asOf - o.due_date BETWEEN 1 AND 30 THEN o.open_minor ELSE 0 END) AS d30,
                   SUM(CASE WHEN o.kind = 'Invoice' AND @asOf - o.due_date BETWEEN 31 AND 60 THEN o.open_minor ELSE 0 END) AS d60,
                   SUM(CASE WHEN o.kind = 'Invoice' AND @asOf - o.due_date BETWEEN 61 AND 90 THEN o.open_minor ELSE 0 END) AS d90,
                   SUM(CASE WHEN o.kind = 'Invoice' AND @asOf - o.due_date > 90 THEN o.open_minor ELSE 0 END) AS over90,
                   SUM(CASE WHEN o.kind = 'CreditNote' THEN o.open_minor ELSE 0 END) AS credits
            FROM open_docs o JOIN customers c ON c.id = o.customer_id
            WHERE o.open_minor > 0
            GROUP BY c.external_ref, o.currency
        )
        SELECT COALESCE(SUM(not_due + d30 + d60 + d90 + over90 - credits), 0)::bigint FROM report
        """;

    /// <summary>
    /// Baseline B for the KPI set: allocations aggregated once per document with the sums as of @asOf and as of the
    /// window start, one pass over the invoices for both positions and the sales. Same checksum as <see cref="Kpis"/>.
    /// </summary>
    public const string KpisPreAggregated = """
        WITH params AS (
            SELECT (date_trunc('month', @asOf::date) - interval '2 months')::date - 1 AS window_start,
                   (date_trunc('month', @asOf::date) - interval '23 months')::date AS first_day
        ), settled AS (
            SELECT doc, SUM(amount_minor) FILTER (WHERE allocated_on <= @asOf) AS s_now,
                   SUM(amount_minor) FILTER (WHERE allocated_on <= p.window_start) AS s_start
            FROM (SELECT invoice_id AS doc, amount_minor, allocated_on FROM allocations WHERE tenant_id = @tenant
                  UNION ALL
                  SELECT credit_note_id, amount_minor, allocated_on FROM allocations WHERE tenant_id = @tenant AND credit_note_id IS NOT NULL) a
            CROSS JOIN params p
            GROUP BY doc
        ), docs AS (
            SELECT i.kind, i.issue_date, i.due_date, i.cancelled_on, i.gross_minor,
                   i.gross_minor - COALESCE(s.s_now, 0) AS open_now, i.gross_minor - COALESCE(s.s_start, 0) AS open_start
            FROM invoices i LEFT JOIN settled s ON s.doc = i.id
            WHERE i.tenant_id = @tenant AND i.issue_date <= @asOf
        ), figures AS (
            SELECT SUM(CASE WHEN d.open_now > 0 AND (d.cancelled_on IS NULL OR d.cancelled_on > @asOf)
                            THEN CASE WHEN d.kind = 'CreditNote' THEN -d.open_now ELSE d.open_now END ELSE 0 END) AS receivables,
                   SUM(CASE WHEN d.open_start > 0 AND d.issue_date <= p.window_start AND (d.cancelled_on IS NULL OR d.cancelled_on > p.window_start)
                            THEN CASE WHEN d.kind = 'CreditNote' THEN -d.open_start ELSE d.open_start END ELSE 0 END) AS beginning,
                   SUM(CASE WHEN d.kind = 'Invoice' AND d.open_now > 0 AND d.due_date < @asOf AND (d.cancelled_on IS NULL OR d.cancelled_on > @asOf)
                            THEN d.open_now * (@asOf - d.due_date) ELSE 0 END) AS overdue_days,
                   SUM(CASE WHEN d.issue_date >= p.first_day AND (d.cancelled_on IS NULL OR d.cancelled_on > @asOf)
                            THEN CASE WHEN d.kind = 'CreditNote' THEN -d.gross_minor ELSE d.gross_minor END ELSE 0 END) AS sales
            FROM docs d CROSS JOIN params p
        ), paid AS (
            SELECT SUM(CASE WHEN i.issue_date <= p.window_start AND (i.cancelled_on IS NULL OR i.cancelled_on > p.window_start) THEN a.amount_minor ELSE 0 END) AS recovered
            FROM allocations a JOIN invoices i ON i.id = a.invoice_id CROSS JOIN params p
            WHERE a.tenant_id = @tenant AND a.payment_id IS NOT NULL AND a.allocated_on > p.window_start AND a.allocated_on <= @asOf
              AND i.kind = 'Invoice' AND (i.cancelled_on IS NULL OR i.cancelled_on > @asOf)
        )
        SELECT (COALESCE((SELECT receivables + sales + 0 * beginning + 0 * overdue_days FROM figures), 0)
              + COALESCE((SELECT recovered FROM paid), 0))::bigint
        """;
}
