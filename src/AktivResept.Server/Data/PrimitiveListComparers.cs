using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AktivResept.Server.Data;

/// <summary>
/// Gives every <c>List&lt;T&gt;</c> of a value type mapped as a primitive collection (activity types, accessibility
/// features, weekdays …) a comparer built once. EF Core's default list comparer builds and compiles a new element
/// comparer on every compare and snapshot (profiled: <c>DynamicMethod.CreateDelegate</c> under
/// <c>ChangeDetector.DetectValueChange</c> on every save, and the JIT compiling those methods for as long as the
/// server runs). The comparison is the same: element by element, in order.
/// </summary>
public static class PrimitiveListComparers
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            ApplyTo(entityType);
        }
    }

    private static void ApplyTo(IMutableTypeBase type)
    {
        foreach (var complex in type.GetComplexProperties())
        {
            ApplyTo(complex.ComplexType);
        }

        foreach (var property in type.GetProperties())
        {
            var clrType = property.ClrType;
            if (clrType.IsGenericType && clrType.GetGenericTypeDefinition() == typeof(List<>) && clrType.GetGenericArguments()[0] is { IsValueType: true } element)
            {
                property.SetValueComparer((ValueComparer)Activator.CreateInstance(typeof(ListComparer<>).MakeGenericType(element))!);
            }
        }
    }

    internal sealed class ListComparer<T>() : ValueComparer<List<T>>(
        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
        list => Hash(list),
        list => list.ToList())
        where T : struct
    {
        // Public because the compiled model's generated copy of this comparer calls it.
        public static int Hash(List<T> list)
        {
            var hash = new HashCode();
            foreach (var item in list)
            {
                hash.Add(item);
            }

            return hash.ToHashCode();
        }
    }
}
