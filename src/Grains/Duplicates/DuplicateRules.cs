using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Duplicates;

/// <summary>A report to look for duplicates of: where and when it was reported, and of which category family.</summary>
public sealed record DuplicateProbe(
    string IncidentId,
    string CategoryCode,
    string GridCode,
    double Longitude,
    double Latitude,
    DateTimeOffset ReportedAt);

/// <summary>An open case a report likely duplicates, and how far apart the two reported points are.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Duplicates.DuplicateCandidate")]
public sealed record DuplicateCandidate(
    [property: Id(0)] IncidentSummary Incident,
    [property: Id(1)] double DistanceMeters);

/// <summary>
/// Duplicates at intake as a pure rule: which open cases a new report likely repeats. The grain
/// gathers the open summaries of <see cref="SearchGrids"/> and asks <see cref="Candidates"/>.
/// </summary>
public static class DuplicateRules
{
    /// <summary>The mean Earth radius (IUGG), as <see cref="AreaGeometry.MetresPerDegree"/> uses.</summary>
    public const double EarthRadiusMeters = 6_371_008.8;

    /// <summary>Where candidates can lie: the report's grid and its neighbours within the radius of the point.</summary>
    public static IReadOnlyList<string> SearchGrids(AreaDirectory areas, DuplicateProbe probe, DuplicateOptions options) =>
        areas.NeighbourGridsWithin(probe.GridCode, probe.Longitude, probe.Latitude, options.RadiusMeters);

    /// <summary>
    /// The open cases of <paramref name="searchGrids"/> among <paramref name="open"/> that the
    /// report likely duplicates: same category family, within the radius (edge included), reported
    /// no later than it and at most the window before it (edge included), not the report itself
    /// and not merged into another case; nearest first, then earliest reported, then by id.
    /// </summary>
    /// <remarks>
    /// Only earlier cases: a report repeats what was reported before it, never what came after,
    /// so the first report of a matter is never flagged as a duplicate of its own repetitions.
    /// </remarks>
    public static IReadOnlyList<DuplicateCandidate> Candidates(
        DuplicateProbe probe, IEnumerable<IncidentSummary> open, IReadOnlyCollection<string> searchGrids, DuplicateOptions options) =>
        open
            .Where(summary => summary.Id != probe.IncidentId
                && summary.IsOpen
                && summary.Category == probe.CategoryCode
                && searchGrids.Contains(summary.GridCode)
                && summary.ReportedAt <= probe.ReportedAt
                && probe.ReportedAt - summary.ReportedAt <= options.Window)
            .DistinctBy(summary => summary.Id)
            .Select(summary => new DuplicateCandidate(summary, DistanceMeters(probe.Longitude, probe.Latitude, summary.Longitude, summary.Latitude)))
            .Where(candidate => candidate.DistanceMeters <= options.RadiusMeters)
            .OrderBy(candidate => candidate.DistanceMeters)
            .ThenBy(candidate => candidate.Incident.ReportedAt)
            .ThenBy(candidate => candidate.Incident.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>The great-circle distance between two WGS84 points in metres (haversine, mean Earth sphere).</summary>
    public static double DistanceMeters(double longitude1, double latitude1, double longitude2, double latitude2)
    {
        var phi1 = Radians(latitude1);
        var phi2 = Radians(latitude2);
        var halfDeltaPhi = (phi2 - phi1) / 2;
        var halfDeltaLambda = Radians(longitude2 - longitude1) / 2;
        var a = (Math.Sin(halfDeltaPhi) * Math.Sin(halfDeltaPhi))
            + (Math.Cos(phi1) * Math.Cos(phi2) * Math.Sin(halfDeltaLambda) * Math.Sin(halfDeltaLambda));
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
