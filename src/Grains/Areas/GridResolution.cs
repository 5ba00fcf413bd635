namespace RuleOfLaw.Grains.Areas;

/// <summary>
/// Which grid a point belongs to, and how that was decided (see <see cref="AreaDirectory.Resolve"/>).
/// Incidents record the whole resolution so that a claim near a boundary can be explained later.
/// </summary>
/// <param name="GridCode">The winning grid.</param>
/// <param name="NearbyGridCodes">
/// Every other grid within <see cref="AreaDirectory.AmbiguityRadiusMetres"/> of the point, sorted by
/// code: the neighbours that could also claim the location.
/// </param>
/// <param name="OnBoundary">True when the point lies exactly on a grid boundary (in no grid's interior).</param>
/// <param name="Rule">The rule that decided, one of the <c>*Rule</c> constants.</param>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Areas.GridResolution")]
public sealed record GridResolution(
    [property: Id(0)] string GridCode,
    [property: Id(1)] IReadOnlyList<string> NearbyGridCodes,
    [property: Id(2)] bool OnBoundary,
    [property: Id(3)] string Rule)
{
    /// <summary>The point is in the interior of exactly one grid.</summary>
    public const string InteriorRule = "interior";

    /// <summary>The point is on a boundary: of the grids that cover it, the lowest code wins.</summary>
    public const string BoundaryLowestCodeRule = "boundary-lowest-code";

    /// <summary>
    /// The point is in the interior of several grids, which a valid tiling never produces (an
    /// edited model could): the lowest code among them wins.
    /// </summary>
    public const string OverlapLowestCodeRule = "overlap-lowest-code";
}
