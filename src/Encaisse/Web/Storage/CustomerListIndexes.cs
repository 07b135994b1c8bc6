using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Web.Storage;

/// <summary>
/// Indexes the customers list pages by: name and reference with the id as tie-break, so that the ORDER BY of every
/// page (including deep offsets) is read from the index instead of sorting the tenant's customers; collector and segment
/// for the filter lists.
/// </summary>
internal sealed class CustomerListIndexes : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.HasIndex(c => new { c.TenantId, c.LegalName, c.Id }).HasDatabaseName("ix_customers_tenant_id_legal_name_id");
        b.HasIndex(c => new { c.TenantId, c.Collector, c.LegalName, c.Id }).HasDatabaseName("ix_customers_tenant_id_collector_legal_name_id");
        // The segment filter list is read by skipping through this index (one probe per distinct segment).
        b.HasIndex(c => new { c.TenantId, c.Segment }).HasDatabaseName("ix_customers_tenant_id_segment");
    }
}
