using System.Globalization;

namespace RuleOfLaw.Bench.Node;

/// <summary>
/// PostgreSQL's and Redis's programs for a production-mode run, found before anything is built
/// or measured, so that a machine without them fails at once and says how to install them.
/// </summary>
public sealed record ServiceBinaries(string PgBin, string PgVersion, string RedisServer, string RedisVersion)
{
    private const string Install = "apt-get install -y postgresql redis-server";

    private const string DebianPostgres = "/usr/lib/postgresql";

    private static readonly string[] _pgTools = ["initdb", "pg_ctl", "createdb"];

    /// <param name="pgBin">PostgreSQL's bin folder as given (<c>--pg-bin</c>); null: the newest under /usr/lib/postgresql.</param>
    /// <exception cref="InvalidOperationException">A program is missing; the message says how to get it.</exception>
    public static async Task<ServiceBinaries> Locate(string? pgBin, CancellationToken cancellation)
    {
        var bin = pgBin ?? NewestDebianPostgres();
        if (bin is null || !_pgTools.All(tool => File.Exists(Path.Combine(bin, tool))))
        {
            throw new InvalidOperationException(pgBin is null
                ? $"PostgreSQL was not found: no {DebianPostgres}/*/bin holds {string.Join(", ", _pgTools)}. Install it with `{Install}`, or name its bin folder with --pg-bin."
                : $"--pg-bin {pgBin} does not hold {string.Join(", ", _pgTools)}. Install PostgreSQL with `{Install}`, or name its bin folder.");
        }

        var redis = OnPath("redis-server")
            ?? throw new InvalidOperationException($"redis-server is not on PATH. Install it with `{Install}`.");

        // Both answer --version before their refusal to run as root.
        var pgVersion = await ExternalCommand.Run(Path.Combine(bin, "pg_ctl"), ["--version"], asPostgres: false, null, cancellation);
        var redisVersion = await ExternalCommand.Run(redis, ["--version"], asPostgres: false, null, cancellation);
        // "pg_ctl (PostgreSQL) 15.18 (Debian …)" and "Redis server v=7.0.15 sha=… malloc=…": the server and its version.
        return new ServiceBinaries(
            bin,
            pgVersion.Trim().Replace("pg_ctl (PostgreSQL)", "PostgreSQL", StringComparison.Ordinal),
            redis,
            redisVersion.Trim().Split(" sha=")[0]);
    }

    /// <summary>Debian installs each major version in its own folder (/usr/lib/postgresql/15/bin).</summary>
    private static string? NewestDebianPostgres() =>
        Directory.Exists(DebianPostgres)
            ? Directory.GetDirectories(DebianPostgres)
                .Select(folder => (Folder: folder, Version: double.TryParse(Path.GetFileName(folder), NumberStyles.Float, CultureInfo.InvariantCulture, out var version) ? version : -1))
                .Where(candidate => candidate.Version >= 0)
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => Path.Combine(candidate.Folder, "bin"))
                .FirstOrDefault()
            : null;

    private static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
}
