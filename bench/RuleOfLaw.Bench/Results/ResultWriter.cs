using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RuleOfLaw.Bench.Results;

/// <summary>Writes a run as JSON (for <c>compare</c> and tools) and as a markdown table (for people), and prints the table.</summary>
public static class ResultWriter
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <returns>The JSON and markdown paths.</returns>
    public static (string Json, string Markdown) Write(RunResult run, string folder)
    {
        Directory.CreateDirectory(folder);
        // Several nodes in the name too, so that the two sides of a single/cluster comparison are told apart at a glance.
        var nodes = run.Topology.Nodes == 1 ? string.Empty : $"-{run.Topology.Nodes}-nodes";
        var stem = Path.Combine(folder, $"{run.StartedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{run.Scenario}{nodes}");
        var json = stem + ".json";
        var markdown = stem + ".md";
        File.WriteAllText(json, JsonSerializer.Serialize(run, Json));
        File.WriteAllText(markdown, Markdown(run));
        return (json, markdown);
    }

    public static void Print(IReadOnlyList<Figure> figures, TextWriter writer)
    {
        var rows = figures.Select(f => new[] { f.Name, f.Display, f.Target, f.Baseline, Ratio(f.Ratio) }).ToList();
        string[] header = ["Figure", "Value", "Target", "Baseline (same run)", "Ratio"];
        var widths = header.Select((h, i) => Math.Max(Width(h), rows.Count == 0 ? 0 : rows.Max(r => Width(r[i])))).ToArray();
        void Line(string[] cells) => writer.WriteLine(string.Join(" | ", cells.Select((c, i) => c + new string(' ', widths[i] - Width(c)))));
        Line(header);
        writer.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        rows.ForEach(Line);
        foreach (var figure in figures.Where(f => f.Note is not null))
        {
            writer.WriteLine($"  · {figure.Name}: {figure.Note}");
        }
    }

    public static string Markdown(RunResult run)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# RuleOfLaw bench: {run.Scenario} — {run.Topology.Title}, {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Commit: `{run.Commit}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {run.Machine.Cores} cores, {run.Machine.MemoryBytes / 1073741824.0:0.#} GiB, {run.Machine.CpuModel}; {run.Machine.Os}; {run.Machine.Runtime}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Duration: {(run.FinishedAt - run.StartedAt).TotalSeconds:0} s");
        md.AppendLine();
        AppendTopology(md, run.Topology, run.Surge?.Step.NodeCpuByNode);
        md.AppendLine("## Figures");
        md.AppendLine();
        md.AppendLine("| Figure | Value | Target | Baseline (same run) | Ratio | Note |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var f in run.Figures)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(f.Name)} | {Cell(f.Display)} | {Cell(f.Target)} | {Cell(f.Baseline)} | {Ratio(f.Ratio)} | {Cell(f.Note ?? string.Empty)} |");
        }

        md.AppendLine();
        md.AppendLine("## Baselines");
        md.AppendLine();
        foreach (var baseline in run.Baselines)
        {
            md.AppendLine(baseline.Result is { } result ? $"- {Cell(result.Format())}" : $"- {baseline.Name}: failed: {Cell(baseline.Error ?? "unknown")}");
        }

        if (run.Capacity is { } capacity)
        {
            md.AppendLine();
            md.AppendLine("## Capacity steps");
            md.AppendLine();
            md.AppendLine("| Step | Offered/s | Acknowledged/s | Ack p99 ms | Transitions/s | Dashboards | R→D p99 ms | Deliveries/s | Node CPU % | Errors | Verdict |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var step in capacity.RateSteps.Concat(capacity.DashboardSteps))
            {
                var r = step.Result;
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Name} | {r.OfferedReportsPerSecond:0} | {r.ReportsPerSecond:0} | {Number(r.ReportAck.P99Ms)} | {r.TransitionsPerSecond:0} | {step.Dashboards} | {Number(r.ReportToDashboard.P99Ms)} | {r.DeliveriesPerSecond:0} | {Number(r.NodeCpuPercent)} | {r.ErrorCount} | {Cell(step.Verdict)} |");
            }
        }

        if (run.Notes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (var note in run.Notes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {Cell(note)}");
            }
        }

        md.AppendLine();
        md.AppendLine("## Options");
        md.AppendLine();
        md.AppendLine("```json");
        md.AppendLine(JsonSerializer.Serialize(run.Options, Json));
        md.AppendLine("```");
        return md.ToString();
    }

    /// <summary>The nodes (with each one's CPU in the surge window) and the servers started for them.</summary>
    private static void AppendTopology(StringBuilder md, Topology topology, IReadOnlyList<Node.NodeCpu>? cpu)
    {
        var store = topology.Store switch
        {
            Options.StoreKind.Sqlite => "embedded durable SQLite in a fresh data folder, started by the harness",
            Options.StoreKind.Postgres => "production mode (PostgreSQL storage, Redis membership), started by the harness",
            _ => "not started by the harness, which cannot see their store and membership",
        };
        md.AppendLine("## Topology");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{topology.Title}: {store}{(topology.ClusterId is null ? string.Empty : $", cluster `{topology.ClusterId}`")}.");
        md.AppendLine();
        md.AppendLine("| Node | URL | pid | CPU in the surge window |");
        md.AppendLine("|---|---|---|---|");
        foreach (var (index, node) in topology.Endpoints.Index())
        {
            // Nodes the harness did not start are known by the pid their diagnostics give.
            var measured = cpu is not null && index < cpu.Count ? cpu[index] : null;
            var pid = node.ProcessId ?? measured?.ProcessId;
            var share = measured is null ? "—" : $"{Number(measured.Percent)} % of {Environment.ProcessorCount} cores";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {node.Name} | {node.Url} | {pid?.ToString(CultureInfo.InvariantCulture) ?? "—"} | {share} |");
        }

        md.AppendLine();
        foreach (var server in topology.Servers)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- Server: {Cell(server)}");
        }

        if (topology.Servers.Count > 0)
        {
            md.AppendLine();
        }
    }

    public static string Ratio(double? ratio) => ratio switch
    {
        null => "—",
        { } r when r >= 10 => r.ToString("0", CultureInfo.InvariantCulture) + "×",
        { } r when r >= 0.01 => r.ToString("0.00", CultureInfo.InvariantCulture) + "×",
        { } r => r.ToString("0.0000", CultureInfo.InvariantCulture) + "×",
    };

    private static string Number(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("0.#", CultureInfo.InvariantCulture) : "—";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>Display width: CJK characters take two columns in a terminal.</summary>
    private static int Width(string text) => text.Sum(c => c >= 0x2E80 ? 2 : 1);
}
