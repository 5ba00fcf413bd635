namespace RuleOfLaw.Grains.Duplicates;

/// <summary>
/// When a new report counts as a likely duplicate of an open case (configuration section
/// <c>Duplicates</c>, deploy/configuration.md): same category family (大类), within
/// <see cref="RadiusMeters"/> of it and reported within <see cref="Window"/> of it.
/// </summary>
public sealed record DuplicateOptions
{
    public const string Section = "Duplicates";

    /// <summary>The largest radius accepted: beyond it "the same or an adjacent grid" no longer holds for demo-sized grids.</summary>
    public const double MaxRadiusMeters = 2_000;

    /// <summary>The longest window accepted.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(30);

    /// <summary>
    /// Whether each new report is compared with the open cases nearby and flagged; on by default.
    /// Off only where a test counts every event of a case and must not see the platform's own flag.
    /// </summary>
    public bool FlagAtIntake { get; set; } = true;

    /// <summary>Great-circle distance (haversine) between the two reported points, in metres; 200 by default.</summary>
    public double RadiusMeters { get; set; } = 200;

    /// <summary>How long before a new report an open case may have been reported to count as its original; 72 hours by default.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(72);

    /// <summary>What is wrong with these settings, one line each; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!double.IsFinite(RadiusMeters) || RadiusMeters is <= 0 or > MaxRadiusMeters)
        {
            problems.Add($"{Section}:RadiusMeters must be greater than 0 and at most {MaxRadiusMeters} (was {RadiusMeters}).");
        }

        if (Window <= TimeSpan.Zero || Window > MaxWindow)
        {
            problems.Add($"{Section}:Window must be greater than 0 and at most {MaxWindow} (was {Window}).");
        }

        return problems;
    }
}
