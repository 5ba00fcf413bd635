using System.Net;
using System.Text.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Reference;

/// <summary>What every client loads first: the power list, the units, the map and the API description.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class ReferenceDataTests(SharedNode node) : IDisposable
{
    private readonly HttpClient _leader = node.Client(Role.Leader);

    public void Dispose() => _leader.Dispose();

    [Fact]
    public async Task TheCatalogueHasTheTenCategoriesOfTheProgrammeEachWithAtLeastThreeSubcategories()
    {
        var catalogue = await _leader.GetAsync("api/catalogue").Expect(HttpStatusCode.OK);

        var entries = catalogue.EnumerateArray().ToList();
        Assert.Equal(
            ["SZ", "AQ", "ZZ", "TS", "JZ", "TF", "MD", "CG", "ZF", "YQ"],
            entries.Select(entry => entry.GetProperty("category").Text("code")));
        foreach (var entry in entries)
        {
            var code = entry.GetProperty("category").Text("code");
            var subcategories = entry.GetProperty("subcategories").EnumerateArray().ToList();
            Assert.True(subcategories.Count >= 3, $"{code} has {subcategories.Count} subcategories.");
            Assert.All(subcategories, sub => Assert.Equal(code, sub.Text("categoryCode")));
            Assert.All(subcategories, sub => Assert.StartsWith(code, sub.Text("code"), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ACatalogueEntryIsFoundByCategoryOrSubcategoryCode()
    {
        var category = await _leader.GetAsync("api/catalogue/CG").Expect(HttpStatusCode.OK);
        var subcategory = await _leader.GetAsync("api/catalogue/cg03").Expect(HttpStatusCode.OK);

        Assert.Equal("CG", category.GetProperty("category").Text("code"));
        Assert.Equal("CG03", subcategory.Text("code"));
        Assert.Equal("law-enforcement", subcategory.Text("leadUnit"));
        Assert.Equal(4, subcategory.GetProperty("handlingLimit").GetProperty("value").GetInt32());
        Assert.Equal("WorkingHours", subcategory.GetProperty("handlingLimit").Text("unit"));
    }

    [Fact]
    public async Task TheUnitsIncludeAtLeastTwelveDistrictDepartments()
    {
        var units = (await _leader.GetAsync("api/units").Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
        var police = await _leader.GetAsync("api/units/police").Expect(HttpStatusCode.OK);

        Assert.True(units.Count(unit => unit.Text("kind") == "DistrictDepartment") >= 12, $"Only {units.Count(unit => unit.Text("kind") == "DistrictDepartment")} district departments.");
        Assert.Equal("police", police.Text("id"));
        Assert.Equal("DistrictDepartment", police.Text("kind"));
    }

    [Fact]
    public async Task TheMapServesTheDistrictAndItsStreetsAsGeoJson()
    {
        using var response = await _leader.GetAsync("api/areas");
        var map = await response.Expect(HttpStatusCode.OK);

        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("FeatureCollection", map.Text("type"));
        var features = map.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(
            [DemoAreas.District, .. Enumerable.Range(1, DemoAreas.StreetCount).Select(n => $"{DemoAreas.District}{n:000}")],
            features.Select(feature => feature.Text("id")));
        Assert.All(features, feature => Assert.Equal("Polygon", feature.GetProperty("geometry").Text("type")));
        Assert.Equal("district", features[0].GetProperty("properties").Text("level"));
        Assert.Equal(DemoAreas.CommunityCount, features.Skip(1).Sum(street => street.GetProperty("properties").GetProperty("childCount").GetInt32()));
    }

    [Fact]
    public async Task EveryGridOfTheDistrictIsServedWithItsWorkersButNoContactDetails()
    {
        var grids = await _leader.GetAsync($"api/areas/{DemoAreas.District}/grids").Expect(HttpStatusCode.OK);

        var features = grids.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(DemoAreas.GridCount, features.Count);
        Assert.All(features, grid => Assert.Equal(15, grid.Text("id").Length));
        var worker = features[0].GetProperty("properties").GetProperty("workers").EnumerateArray().First();
        Assert.Equal(["id", "nameZh", "nameEn", "isGridLeader"], worker.EnumerateObject().Select(property => property.Name));
    }

    [Fact]
    public async Task TheOpenApiDocumentListsEveryIncidentEndpoint()
    {
        var document = await node.Anonymous().GetAsync("openapi/v1.json").Expect(HttpStatusCode.OK);

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/incidents").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/incidents/{id}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/incidents/{id}/history").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/incidents/{id}/duplicates").TryGetProperty("get", out _));
        string[] steps =
        [
            "request-verification", "verify", "self-handle", "forward", "reject", "register", "void", "dispatch", "sign",
            "request-return", "decide-return", "request-extension", "decide-extension", "request-hang", "decide-hang",
            "resume", "handle", "send-check", "check", "close", "merge", "unmerge",
        ];
        foreach (var step in steps)
        {
            Assert.True(
                paths.TryGetProperty($"/api/incidents/{{id}}/{step}", out var path) && path.TryGetProperty("post", out _),
                $"The OpenAPI document has no POST /api/incidents/{{id}}/{step}.");
        }

        Assert.True(paths.TryGetProperty("/api/areas/{code}/incidents", out _));
        Assert.True(paths.TryGetProperty("/api/areas/{code}/counters", out _));
    }
}
