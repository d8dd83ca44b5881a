using Ja4Data.Types.Columns;

namespace Ja4Data.Benchmarks;

/// <summary>Deterministic test values per type, appended the cheapest way the builder offers.</summary>
internal static class Values
{
    public static Action<ColumnBuilder> Appender(string type, int rows)
    {
        var random = new Random(42);
        switch (type)
        {
            case "UInt64":
                return Typed(Enumerable.Range(0, rows).Select(_ => (ulong)random.NextInt64()).ToArray());
            case "UInt16":
                return Typed(Enumerable.Range(0, rows).Select(_ => (ushort)random.Next(65536)).ToArray());
            case "Float64":
                return Typed(Enumerable.Range(0, rows).Select(_ => random.NextDouble() * 1000).ToArray());
            case "String":
                return Typed(Strings(random, rows));
            case "Nullable(String)":
            {
                var values = Strings(random, rows).Select((s, i) => i % 10 == 0 ? null : s).ToArray();
                return builder =>
                {
                    foreach (var value in values)
                    {
                        builder.Append(value);
                    }
                };
            }

            case "Array(UInt32)":
            {
                var values = Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, random.Next(0, 8)).Select(_ => (uint)random.Next()).ToArray()).ToArray();
                return builder =>
                {
                    foreach (var value in values)
                    {
                        builder.Append(value);
                    }
                };
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "No values for this type.");
        }
    }

    private static Action<ColumnBuilder> Typed<T>(T[] values) => builder =>
    {
        var typed = (IColumnAppender<T>)builder;
        foreach (var value in values)
        {
            typed.Append(value);
        }
    };

    /// <summary>Log-like strings: 1,024 distinct values of 7 to 120 ASCII characters.</summary>
    private static string[] Strings(Random random, int rows)
    {
        var pool = Enumerable.Range(0, 1024)
            .Select(i => string.Concat(Enumerable.Range(0, random.Next(7, 121)).Select(_ => (char)random.Next('a', 'z' + 1))))
            .ToArray();
        return Enumerable.Range(0, rows).Select(_ => pool[random.Next(pool.Length)]).ToArray();
    }
}
