using System.Globalization;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Distance;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Operation.Polygonize;
using NetTopologySuite.Triangulate;
using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Grains.Areas;

/// <summary>
/// Generates the demo district, modelled on 利州区 (广元市, 四川; code 510802). Its boundaries are
/// generated, not official: the district is an irregular polygon of about 35 km × 35 km around
/// 32.43°N 105.84°E, cut into the 11 streets and townships with their real names and codes,
/// each cut into communities or villages, each cut into unit grids.
/// </summary>
/// <remarks>
/// <para>Every level is a Voronoi diagram of seeded sites clipped to its parent, worked out in a
/// local metric plane (so cells are not stretched by the longitude scale) and in full floating
/// precision. The clipped cells then tile their parent up to rounding noise, but not exactly on
/// the 1e-7 degree grid the model is stored on: a clip inserts vertices on its parent's edges
/// that the parent's neighbours do not have, and independent rounding would open slivers.</para>
/// <para>So the grids are rounded as one coverage: all grid boundaries are noded together with
/// snap rounding on the 1e-7 grid (near-coincident edges collapse onto the same rounded edge),
/// polygonized into faces, and every face goes back to the grid it came from. Communities,
/// streets and the district are then exact unions of their grids, so children tile their
/// parent exactly and neighbours share every vertex.</para>
/// <para>Determinism: the only source of variation is <c>new Random(seed)</c>; nothing iterates a
/// hash-ordered collection, and every list is ordered by an explicit rule before it is numbered.</para>
/// </remarks>
public static class DemoDistrictGenerator
{
    public const int DefaultSeed = 510802;

    public const string DistrictCode = "510802";

    private const double CentreLongitude = 105.84;
    private const double CentreLatitude = 32.43;
    private const double DistrictRadiusMetres = 17_500;
    private const int DistrictOutlineVertices = 40;
    private const int MaxPartitionAttempts = 200;

    private static readonly LocalizedText _districtName = new("利州区", "Lizhou District");

    // Site positions (metres east and north of the centre) place the seven subdistricts around
    // the urban core and the four towns in the countryside, so the Voronoi cells make the urban
    // streets small and dense and the towns large.
    private static readonly StreetPlan[] _streets =
    [
        new("001", new("东坝街道", "Dongba Subdistrict"), IsTown: false, 2_600, 0),
        new("002", new("嘉陵街道", "Jialing Subdistrict"), IsTown: false, 0, 500),
        new("003", new("河西街道", "Hexi Subdistrict"), IsTown: false, -2_600, 0),
        new("004", new("上西街道", "Shangxi Subdistrict"), IsTown: false, -1_500, 2_900),
        new("005", new("南河街道", "Nanhe Subdistrict"), IsTown: false, -500, -2_800),
        new("006", new("雪峰街道", "Xuefeng Subdistrict"), IsTown: false, 2_500, -3_000),
        new("007", new("回龙河街道", "Huilonghe Subdistrict"), IsTown: false, 2_300, 3_000),
        new("008", new("宝轮镇", "Baolun Town"), IsTown: true, -8_500, -5_500),
        new("009", new("大石镇", "Dashi Town"), IsTown: true, 7_500, 6_500),
        new("010", new("荣山镇", "Rongshan Town"), IsTown: true, 5_000, -8_500),
        new("011", new("三堆镇", "Sandui Town"), IsTown: true, -4_500, 9_000),
    ];

    private sealed record StreetPlan(string Suffix, LocalizedText Name, bool IsTown, double EastMetres, double NorthMetres);

    /// <summary>A generated grid before numbering: which street and draft community it belongs to.</summary>
    private sealed record DraftGrid(int Street, int Community, Polygon Shape);

    /// <summary>Generates the demo district; the same seed always gives a byte-identical serialized model.</summary>
    public static AreaModel Generate(int seed = DefaultSeed)
    {
        var random = new Random(seed);
        var plane = new GeometryFactory();

        var outline = DistrictOutline(plane, random);
        var streetShapes = PartitionStreets(outline, random);
        var draftGrids = new List<DraftGrid>();
        var communitiesPerStreet = new int[_streets.Length];
        for (var street = 0; street < _streets.Length; street++)
        {
            var communityCount = _streets[street].IsTown ? 4 + random.Next(3) : 3 + random.Next(3);
            var communityShapes = Partition(streetShapes[street], communityCount, random);
            communitiesPerStreet[street] = communityCount;
            for (var community = 0; community < communityCount; community++)
            {
                var gridCount = 18 + random.Next(5);
                foreach (var grid in Partition(communityShapes[community], gridCount, random))
                {
                    draftGrids.Add(new DraftGrid(street, community, grid));
                }
            }
        }

        var toDegrees = new AffineTransformation()
            .Scale(1 / AreaGeometry.MetresPerDegreeLongitude(CentreLatitude), 1 / AreaGeometry.MetresPerDegree)
            .Translate(CentreLongitude, CentreLatitude);
        var grids = RoundAsCoverage(draftGrids.Select(d => (Polygon)toDegrees.Transform(d.Shape)).ToList());

        return Assemble(seed, random, draftGrids, grids, communitiesPerStreet);
    }

    /// <summary>
    /// Numbers and names the rounded hierarchy: communities within a street and grids within a
    /// community follow <see cref="GridNumbering"/>; names and workers are drawn in code order.
    /// </summary>
    private static AreaModel Assemble(
        int seed, Random random, IReadOnlyList<DraftGrid> draftGrids, IReadOnlyList<Polygon> grids, int[] communitiesPerStreet)
    {
        var areas = new List<AreaRecord>();
        var workers = new List<GridWorkerRecord>();
        var takenNames = new HashSet<string>(StringComparer.Ordinal);
        var streetPolygons = new List<Polygon>();

        for (var street = 0; street < _streets.Length; street++)
        {
            var plan = _streets[street];
            var streetCode = DistrictCode + plan.Suffix;
            var communityGrids = Enumerable.Range(0, communitiesPerStreet[street])
                .Select(community => Enumerable.Range(0, draftGrids.Count)
                    .Where(i => draftGrids[i].Street == street && draftGrids[i].Community == community)
                    .Select(i => grids[i])
                    .ToList())
                .ToList();
            var communityPolygons = communityGrids.Select(Union).ToList();
            var streetPolygon = Union(communityPolygons);
            streetPolygons.Add(streetPolygon);
            areas.Add(Record(streetCode, plan.Name, DistrictCode, streetPolygon));

            var communityOrder = GridNumbering.Order(streetPolygon.EnvelopeInternal, Centroids(communityPolygons));
            for (var rank = 0; rank < communityOrder.Count; rank++)
            {
                var draft = communityOrder[rank];
                var communityCode = streetCode + Number(rank);
                var communityName = plan.IsTown ? DemoNames.Village(random, takenNames) : DemoNames.Community(random, takenNames);
                var communityPolygon = communityPolygons[draft];
                areas.Add(Record(communityCode, communityName, streetCode, communityPolygon));

                var gridPolygons = communityGrids[draft];
                var gridOrder = GridNumbering.Order(communityPolygon.EnvelopeInternal, Centroids(gridPolygons));
                for (var gridRank = 0; gridRank < gridOrder.Count; gridRank++)
                {
                    var number = Number(gridRank);
                    var gridCode = communityCode + number;
                    var gridName = new LocalizedText(
                        $"{plan.Name.ZhCn}{communityName.ZhCn}第{number}网格",
                        $"{communityName.En} Grid {number}");
                    var gridWorkers = Workers(random, gridCode);
                    workers.AddRange(gridWorkers);
                    areas.Add(Record(gridCode, gridName, communityCode, gridPolygons[gridOrder[gridRank]]) with
                    {
                        GridLeaderId = gridWorkers.Single(w => w.IsGridLeader).Id,
                    });
                }
            }
        }

        areas.Add(Record(DistrictCode, _districtName, null, Union(streetPolygons)));
        areas.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        workers.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return new AreaModel(seed, DistrictCode, areas, workers);
    }

    /// <summary>One or two workers per grid; the first is the grid leader (网格长).</summary>
    private static List<GridWorkerRecord> Workers(Random random, string gridCode)
    {
        var count = 1 + random.Next(2);
        var result = new List<GridWorkerRecord>(count);
        for (var n = 1; n <= count; n++)
        {
            var name = DemoNames.Person(random);
            result.Add(new GridWorkerRecord(
                $"gw-{gridCode}-{n.ToString(CultureInfo.InvariantCulture)}",
                name.ZhCn,
                name.En,
                DemoNames.Phone(random),
                gridCode,
                IsGridLeader: n == 1));
        }

        return result;
    }

    private static AreaRecord Record(string code, LocalizedText name, string? parentCode, Polygon polygon) =>
        new(code, (AreaLevel)code.Length, name.ZhCn, name.En, parentCode, AreaGeometry.ToWkt(polygon));

    private static string Number(int rank) => (rank + 1).ToString("D3", CultureInfo.InvariantCulture);

    private static List<Coordinate> Centroids(IEnumerable<Polygon> polygons) =>
        polygons.Select(p => p.Centroid.Coordinate).ToList();

    /// <summary>
    /// A star-shaped outline around the centre: the radius wobbles with a few low harmonics of
    /// random phase plus a little per-vertex jitter, so it looks like a boundary that follows
    /// ridges and rivers yet stays a simple polygon.
    /// </summary>
    private static Polygon DistrictOutline(GeometryFactory plane, Random random)
    {
        var phases = new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() }
            .Select(p => p * 2 * Math.PI)
            .ToArray();
        var ring = new Coordinate[DistrictOutlineVertices + 1];
        for (var i = 0; i < DistrictOutlineVertices; i++)
        {
            var angle = 2 * Math.PI * i / DistrictOutlineVertices;
            var wobble = 1
                + 0.07 * Math.Sin(2 * angle + phases[0])
                + 0.05 * Math.Sin(3 * angle + phases[1])
                + 0.03 * Math.Sin(5 * angle + phases[2]);
            var radius = DistrictRadiusMetres * wobble * (1 + 0.03 * (2 * random.NextDouble() - 1));
            ring[i] = new Coordinate(radius * Math.Cos(angle), radius * Math.Sin(angle));
        }

        ring[^1] = ring[0].Copy();
        return plane.CreatePolygon(ring);
    }

    /// <summary>The streets get one site each near their planned position, jittered until every clipped cell is one piece.</summary>
    private static List<Polygon> PartitionStreets(Polygon outline, Random random)
    {
        var inside = new IndexedPointInAreaLocator(outline);
        for (var attempt = 0; attempt < MaxPartitionAttempts; attempt++)
        {
            var sites = _streets
                .Select(plan =>
                {
                    var jitter = plan.IsTown ? 1_500 : 500;
                    return new Coordinate(
                        plan.EastMetres + jitter * (2 * random.NextDouble() - 1),
                        plan.NorthMetres + jitter * (2 * random.NextDouble() - 1));
                })
                .ToList();
            if (sites.All(site => inside.Locate(site) == Location.Interior) && TryClipVoronoi(outline, sites, out var cells))
            {
                return cells;
            }
        }

        throw new InvalidOperationException("Could not place the street sites so that every street is a single polygon.");
    }

    /// <summary>
    /// Cuts a parent into <paramref name="count"/> single-polygon children. Sites are drawn
    /// uniformly with a minimum spacing and a clearance from the parent's boundary, which keeps
    /// cells compact; if a clipped cell falls apart into pieces (a concave parent), the sites are
    /// drawn again rather than patching the pieces.
    /// </summary>
    private static List<Polygon> Partition(Polygon parent, int count, Random random)
    {
        var inside = new IndexedPointInAreaLocator(parent);
        var boundary = new IndexedFacetDistance(parent.Boundary);
        for (var attempt = 0; attempt < MaxPartitionAttempts; attempt++)
        {
            var sites = SampleSites(parent, count, random, inside, boundary);
            if (TryClipVoronoi(parent, sites, out var cells))
            {
                return cells;
            }
        }

        throw new InvalidOperationException($"Could not cut a polygon into {count} single-polygon children.");
    }

    private static List<Coordinate> SampleSites(
        Polygon parent, int count, Random random, IndexedPointInAreaLocator inside, IndexedFacetDistance boundary)
    {
        var envelope = parent.EnvelopeInternal;
        var spacing = 0.7 * Math.Sqrt(parent.Area / count);
        var sites = new List<Coordinate>(count);
        var rejected = 0;
        while (sites.Count < count)
        {
            var candidate = new Coordinate(
                envelope.MinX + random.NextDouble() * envelope.Width,
                envelope.MinY + random.NextDouble() * envelope.Height);
            if (inside.Locate(candidate) == Location.Interior
                && boundary.Distance(parent.Factory.CreatePoint(candidate)) >= 0.35 * spacing
                && sites.All(site => site.Distance(candidate) >= spacing))
            {
                sites.Add(candidate);
            }
            else if (++rejected % 200 == 0)
            {
                // A narrow or crowded parent: relax the spacing rather than loop for ever.
                spacing *= 0.9;
            }
        }

        return sites;
    }

    /// <summary>
    /// The Voronoi cells of <paramref name="sites"/> clipped to the parent, in site order; false
    /// when any clipped cell is not exactly one polygon.
    /// </summary>
    private static bool TryClipVoronoi(Polygon parent, IReadOnlyList<Coordinate> sites, out List<Polygon> children)
    {
        var clip = parent.EnvelopeInternal.Copy();
        clip.ExpandBy(Math.Max(clip.Width, clip.Height));
        var builder = new VoronoiDiagramBuilder { ClipEnvelope = clip };
        builder.SetSites(sites.ToList());
        var diagram = (GeometryCollection)builder.GetDiagram(parent.Factory);

        children = new List<Polygon>(sites.Count);
        foreach (var site in sites)
        {
            // The builder tags each cell with its site, and reorders cells, so look the cell up.
            var cell = diagram.Geometries.Single(g => g.UserData is Coordinate tag && tag.Equals2D(site));
            var clipped = PolygonExtracter.GetPolygons(OverlayNGRobust.Overlay(cell, parent, SpatialFunction.Intersection));
            if (clipped.Count != 1 || clipped[0] is not Polygon { NumInteriorRings: 0 } child)
            {
                return false;
            }

            children.Add(child);
        }

        return true;
    }

    /// <summary>
    /// Puts the grids on the 1e-7 degree grid as one exact coverage: snap-rounded noding of all
    /// boundaries, polygonization, and each face handed back to the grid whose draft holds it.
    /// </summary>
    private static List<Polygon> RoundAsCoverage(IReadOnlyList<Polygon> drafts)
    {
        var plane = drafts[0].Factory;
        var boundaries = drafts.Select(d => (Geometry)plane.CreateLineString(d.ExteriorRing.CoordinateSequence)).ToArray();
        Geometry linework = plane.CreateGeometryCollection(boundaries);
        var noded = UnaryUnionNG.Union(linework, AreaGeometry.PrecisionModel);
        var polygonizer = new Polygonizer();
        polygonizer.Add(noded);

        var index = new STRtree<int>();
        for (var i = 0; i < drafts.Count; i++)
        {
            index.Insert(drafts[i].EnvelopeInternal, i);
        }

        index.Build();
        var faces = Enumerable.Range(0, drafts.Count).Select(_ => new List<Polygon>()).ToList();
        foreach (var face in polygonizer.GetPolygons().Cast<Polygon>())
        {
            faces[OwnerOf(face, drafts, index)].Add((Polygon)AreaGeometry.Factory.CreateGeometry(face));
        }

        return faces
            .Select((pieces, i) => pieces.Count switch
            {
                0 => throw new InvalidOperationException($"Grid draft {i} vanished when rounded."),
                1 => Canonical(pieces[0]),
                _ => Union(pieces),
            })
            .ToList();
    }

    /// <summary>
    /// The draft a face came from: the one whose interior holds the face's interior point; for a
    /// face too thin to decide that way, the draft it overlaps most (lowest index on a tie).
    /// </summary>
    private static int OwnerOf(Polygon face, IReadOnlyList<Polygon> drafts, STRtree<int> index)
    {
        var probe = face.InteriorPoint.Coordinate;
        var holders = index.Query(new Envelope(probe))
            .Where(i => SimplePointInAreaLocator.Locate(probe, drafts[i]) == Location.Interior)
            .ToList();
        if (holders.Count == 1)
        {
            return holders[0];
        }

        var best = index.Query(face.EnvelopeInternal)
            .Order()
            .Select(i => (Index: i, Overlap: OverlayNGRobust.Overlay(face, drafts[i], SpatialFunction.Intersection).Area))
            .MaxBy(candidate => candidate.Overlap);
        return best.Overlap > 0
            ? best.Index
            : throw new InvalidOperationException("A rounded face lies outside every grid draft.");
    }

    /// <summary>The exact union of polygons that share edges vertex for vertex; must be one valid polygon.</summary>
    private static Polygon Union(IReadOnlyList<Polygon> parts)
    {
        var union = NetTopologySuite.Coverage.CoverageUnion.Union(parts.ToArray<Geometry>());
        return union is Polygon polygon
            ? Canonical(polygon)
            : throw new InvalidOperationException($"A union of {parts.Count} adjacent areas is a {union.GeometryType}, not one polygon.");
    }

    /// <summary>
    /// One fixed form for every stored polygon: on <see cref="AreaGeometry.Factory"/>, valid,
    /// exterior ring counter-clockwise (the GeoJSON right-hand rule) starting at its lowest vertex.
    /// </summary>
    private static Polygon Canonical(Polygon polygon)
    {
        var copy = (Polygon)AreaGeometry.Factory.CreateGeometry(polygon);
        copy.Normalize();
        var result = (Polygon)copy.Reverse();
        return result.IsValid
            ? result
            : throw new InvalidOperationException("A generated area polygon is not valid.");
    }
}
