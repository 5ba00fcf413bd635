using System.Globalization;
using System.Text.Json;

namespace RuleOfLaw.Bench.Results;

/// <summary>
/// <c>compare A.json B.json</c>: the figures of two runs side by side with the change from A to
/// B, marked better or worse by the figure's direction, and the options and machine facts that
/// differ (a change there may explain the figures). Each column is headed by what its run measured
/// ("1 node (SQLite)", "3 nodes (PostgreSQL + Redis)"): figures keep their names whatever the
/// number of nodes, so a single node and a cluster line up row by row.
/// </summary>
public static class Compare
{
    public static int Run(string first, string second, TextWriter writer)
    {
        var a = Load(first);
        var b = Load(second);
        writer.WriteLine($"A: {first}  ({a.Scenario} — {a.Topology}; {a.Commit}, {a.StartedAt:u})");
        writer.WriteLine($"B: {second}  ({b.Scenario} — {b.Topology}; {b.Commit}, {b.StartedAt:u})");
        writer.WriteLine();

        var differences = Flatten(a.Options, "options").Concat(Flatten(a.Machine, "machine")).ToDictionary(pair => pair.Key, pair => pair.Value);
        var otherSide = Flatten(b.Options, "options").Concat(Flatten(b.Machine, "machine")).ToDictionary(pair => pair.Key, pair => pair.Value);
        foreach (var key in differences.Keys.Union(otherSide.Keys).Order(StringComparer.Ordinal))
        {
            var left = differences.GetValueOrDefault(key);
            var right = otherSide.GetValueOrDefault(key);
            if (left != right)
            {
                writer.WriteLine($"differs: {key}: {left} → {right}");
            }
        }

        writer.WriteLine();
        var rows = new List<string[]> { new[] { "Figure", $"A: {a.Topology}", $"B: {b.Topology}", "Change" } };
        var byName = b.Figures.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var figure in a.Figures)
        {
            byName.TryGetValue(figure.Name, out var other);
            rows.Add([figure.Name, figure.Display, other?.Display ?? "—", Change(figure, other)]);
        }

        foreach (var figure in b.Figures.Where(f => a.Figures.All(x => x.Name != f.Name)))
        {
            rows.Add([figure.Name, "—", figure.Display, "new"]);
        }

        var widths = Enumerable.Range(0, 4).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            writer.WriteLine(string.Join(" | ", row.Select((cell, i) => cell.PadRight(widths[i]))));
        }

        return 0;
    }

    private static string Change(Figure a, Figure? b)
    {
        if (b?.Value is not { } right || a.Value is not { } left)
        {
            return "—";
        }

        if (left == 0)
        {
            return right == 0 ? "same" : $"{right - left:+0.##;-0.##} {a.Unit}";
        }

        var change = (right - left) / Math.Abs(left);
        var better = a.LowerIsBetter ? change < 0 : change > 0;
        var verdict = Math.Abs(change) < 0.02 ? "≈" : better ? "better" : "worse";
        return string.Create(CultureInfo.InvariantCulture, $"{change:+0.0%;-0.0%} {verdict}");
    }

    /// <summary>Only what a comparison needs, so result files of older harness versions still load.</summary>
    private sealed record RunHeader(string Scenario, string Topology, string Commit, DateTimeOffset StartedAt, JsonElement Options, JsonElement Machine, IReadOnlyList<Figure> Figures);

    private static RunHeader Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var commit = root.GetProperty("commit");
        return new RunHeader(
            root.GetProperty("scenario").GetString() ?? "?",
            root.TryGetProperty("topology", out var topology) ? topology.GetProperty("title").GetString() ?? "?" : "topology not recorded",
            $"{commit.GetProperty("commit").GetString()}{(commit.GetProperty("dirty").GetBoolean() ? " (dirty)" : string.Empty)}",
            root.GetProperty("startedAt").GetDateTimeOffset(),
            root.GetProperty("options").Clone(),
            root.GetProperty("machine").Clone(),
            root.GetProperty("figures").Deserialize<List<Figure>>(ResultWriter.Json) ?? []);
    }

    private static IEnumerable<KeyValuePair<string, string>> Flatten(JsonElement element, string prefix)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                foreach (var pair in Flatten(property.Value, $"{prefix}.{property.Name}"))
                {
                    yield return pair;
                }
            }
        }
        else
        {
            yield return new(prefix, element.ToString());
        }
    }
}
