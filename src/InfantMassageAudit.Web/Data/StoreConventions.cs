using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace InfantMassageAudit.Web.Data;

/// <summary>
/// Database-level guarantees that hold whatever writes to the tables: every enum column accepts
/// only its names and every bounded text column its length. PostgreSQL would enforce the lengths
/// through varchar(n) anyway, SQLite would not; the SQL is written to mean the same on both.
/// </summary>
internal static class StoreConventions
{
    public static void AddChecks(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => !e.IsOwned()))
        {
            var table = entity.GetTableName();
            if (table is null)
            {
                continue;
            }

            foreach (var property in entity.GetProperties().Concat(entity.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties())))
            {
                var column = property.GetColumnName();
                var enumType = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                if (enumType.IsEnum && property.GetProviderClrType() == typeof(string))
                {
                    var names = string.Join(", ", Enum.GetNames(enumType).Select(n => $"'{n}'"));
                    entity.AddCheckConstraint($"CK_{table}_{column}_Valid", $"\"{column}\" IN ({names})");
                }
                else if (property.ClrType == typeof(string) && property.GetMaxLength() is int maxLength)
                {
                    entity.AddCheckConstraint(
                        $"CK_{table}_{column}_Length",
                        $"length(\"{column}\") <= {maxLength.ToString(CultureInfo.InvariantCulture)}");
                }
            }
        }
    }
}

internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    toStore => toStore.Kind == DateTimeKind.Utc ? toStore : toStore.ToUniversalTime(),
    fromStore => DateTime.SpecifyKind(fromStore, DateTimeKind.Utc));
