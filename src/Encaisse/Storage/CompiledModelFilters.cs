using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Internal;

#pragma warning disable EF1001 // The query-filter annotation types are EF "internal" API; they are what a built model holds.

namespace Encaisse.Storage.CompiledModel;

/// <summary>
/// The SQLite compiled model (generated into this folder by <c>dotnet run --project tools/Encaisse.MigrationTool -c
/// Release -- optimize</c>) spares every process the EF model build, about a second of CPU for each CLI verb (issue
/// 11, ADR 1101). EF cannot generate query filters into a compiled model (dotnet/efcore#24897), so the tool writes the
/// model without them and they are added here, the same filter <see cref="EncaisseDb"/> gives a built model, before
/// the model is finalised. <c>CompiledModelTests</c> fails when the generated model is out of date or a filter is missing.
/// </summary>
public partial class SqliteEncaisseDbModel
{
    partial void Customize()
    {
        var context = Expression.Constant(null, typeof(SqliteEncaisseDb));
        foreach (var entity in ((IReadOnlyModel)this).GetEntityTypes())
        {
            if (EncaisseDb.IsFilteredByTenant(entity))
            {
                var filter = new RuntimeQueryFilter(null!, EncaisseDb.TenantFilter(entity.ClrType, context));
                ((RuntimeEntityType)entity).AddAnnotation(CoreAnnotationNames.QueryFilter, new QueryFilterCollection([filter]));
            }
        }
    }
}
