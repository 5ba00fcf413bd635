namespace RuleOfLaw.Grains.Positions;

/// <summary>Section <c>Positions</c>: how positions are made durable and how long tracks are kept.</summary>
public sealed class PositionOptions
{
    public const string Section = "Positions";

    /// <summary>
    /// How often buffered fixes are written, in one transaction per batch. With the time a batch
    /// takes to commit this keeps the last position durable within 10 s (issue 8).
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a track is kept; older fixes are deleted by the hourly sweep.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the retention sweep runs.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most fixes one track read returns; a longer window is read in parts.</summary>
    public int MaxTrackPoints { get; set; } = 20_000;

    /// <summary>The side of the square cells patrol coverage is counted in (巡查覆盖率).</summary>
    public double CoverageCellMetres { get; set; } = 20;

    /// <summary>Most fixes one coverage reading considers; a grid's month of patrols is far below.</summary>
    public int MaxCoverageFixes { get; set; } = 2_000_000;

    /// <summary>
    /// How long one area's coverage reading is handed to everyone who asks for the same area and
    /// period: every open console and wall refreshes it each minute, and a district's reading goes
    /// through a day of fixes.
    /// </summary>
    public TimeSpan CoverageReuse { get; set; } = TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (FlushInterval <= TimeSpan.Zero || FlushInterval > TimeSpan.FromSeconds(8))
        {
            problems.Add("Positions:FlushInterval must be in (0, 8 s] so that the last position is durable within 10 s.");
        }

        if (Retention < TimeSpan.FromHours(1))
        {
            problems.Add("Positions:Retention must be at least 1 hour.");
        }

        if (SweepInterval <= TimeSpan.Zero)
        {
            problems.Add("Positions:SweepInterval must be positive.");
        }

        if (MaxTrackPoints is < 1 or > 1_000_000)
        {
            problems.Add("Positions:MaxTrackPoints must be in [1, 1000000].");
        }

        if (CoverageCellMetres is < 5 or > 200)
        {
            problems.Add("Positions:CoverageCellMetres must be in [5, 200].");
        }

        if (MaxCoverageFixes < 1)
        {
            problems.Add("Positions:MaxCoverageFixes must be positive.");
        }

        if (CoverageReuse < TimeSpan.Zero || CoverageReuse > TimeSpan.FromMinutes(10))
        {
            problems.Add("Positions:CoverageReuse must be in [0, 10 min].");
        }

        return problems;
    }
}
