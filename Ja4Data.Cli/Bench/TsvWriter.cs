using System.Globalization;
using System.Text;
using Ja4Data.Cli.Generation;

namespace Ja4Data.Cli.Bench;

/// <summary>Writes rows in ClickHouse's TabSeparated format (the peers' common input).</summary>
internal static class TsvWriter
{
    public static void Write(IEnumerable<HttpLogBatch> chunks, TextWriter writer)
    {
        var line = new StringBuilder(512);
        foreach (var b in chunks)
        {
            for (var i = 0; i < b.Count; i++)
            {
                line.Clear();
                line.Append(b.TimestampMs[i]).Append('\t');
                Escape(line, b.SourceIp[i]).Append('\t');
                line.Append(b.SourcePort[i]).Append('\t');
                Escape(line, b.Host[i]).Append('\t');
                Escape(line, b.Method[i]).Append('\t');
                Escape(line, b.Path[i]).Append('\t');
                line.Append(b.Status[i]).Append('\t');
                Escape(line, b.Ja4[i]).Append('\t');
                Escape(line, b.Ja4H[i]).Append('\t');
                Escape(line, b.UserAgent[i]).Append('\t');
                line.Append(b.Bytes[i]).Append('\t');
                line.Append(b.LatencyMs[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
                writer.Write(line);
            }
        }
    }

    /// <summary>TabSeparated escaping: backslash, tab, newline and carriage return as backslash sequences.</summary>
    public static StringBuilder Escape(StringBuilder target, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => target.Append("\\\\"),
                '\t' => target.Append("\\t"),
                '\n' => target.Append("\\n"),
                '\r' => target.Append("\\r"),
                '\0' => target.Append("\\0"),
                _ => target.Append(c),
            };
        }

        return target;
    }
}
