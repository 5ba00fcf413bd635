using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Grains.Positions;

/// <summary>
/// Each grid's coverage cells, cut once per node: a grid's boundary does not change while the node
/// runs, and cutting it takes a point-in-polygon test per cell (hundreds per grid, a district's
/// hundreds of grids on its first reading). Held as a singleton; safe for any number of readers.
/// </summary>
public sealed class GridCoverageCells(IOptions<PositionOptions> options)
{
    private readonly double _cellMetres = options.Value.CoverageCellMetres;

    // Lazy: two first readings of one grid at once cut it once.
    private readonly ConcurrentDictionary<string, Lazy<CoverageCells>> _cells = new(StringComparer.Ordinal);

    public CoverageCells Of(Area grid) =>
        _cells.GetOrAdd(grid.Code.Value, _ => new Lazy<CoverageCells>(() => CoverageCells.Of(grid.Geometry, _cellMetres))).Value;
}
