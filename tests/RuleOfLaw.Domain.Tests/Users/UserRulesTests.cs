using RuleOfLaw.Domain.Tests.Areas;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Users;

namespace RuleOfLaw.Domain.Tests.Users;

public sealed class UserRulesTests
{
    private static readonly CatalogueBook Catalogue = CatalogueLoader.Load(CatalogueLoader.DefaultDirectory);
    private static readonly AreaDirectory Areas = DemoDistrict.Directory;

    private static string AGrid => Areas.GridsUnder("510802")[0].Code.Value;

    [Fact]
    public void AUnitHandlerWithoutAnAreaWorksInTheirUnitsArea()
    {
        var scope = Check(Role.UnitHandler, null, "fire-station-dongba", out var errors);

        Assert.Empty(errors);
        Assert.Equal(new UserScope(Role.UnitHandler, AreaCode.Parse("510802001"), "fire-station-dongba"), scope);
    }

    [Fact]
    public void AUnitHandlerMayHaveTheWholeDistrictButNoOtherStreet()
    {
        Assert.NotNull(Check(Role.UnitHandler, "510802", "fire-station-dongba", out _));

        Assert.Null(Check(Role.UnitHandler, "510802002", "fire-station-dongba", out var errors));
        Assert.Equal(["area"], errors.Keys);
    }

    [Theory]
    [InlineData(Role.UnitHandler, "510802", null, "unit")]
    [InlineData(Role.UnitHandler, null, "no-such-unit", "unit")]
    [InlineData(Role.Leader, "510802", "fire", "unit")]
    [InlineData(Role.Leader, null, null, "area")]
    [InlineData(Role.Leader, "51080", null, "area")]
    [InlineData(Role.Leader, "510899", null, "area")]
    [InlineData(Role.GridWorker, "510802002", null, "area")]
    public void AnInconsistentScopeNamesTheField(Role role, string? area, string? unit, string field)
    {
        Assert.Null(Check(role, area, unit, out var errors));
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void AGridWorkerPatrolsAGridOrTheGridsOfACommunity()
    {
        Assert.NotNull(Check(Role.GridWorker, AGrid, null, out _));
        Assert.NotNull(Check(Role.GridWorker, AGrid[..12], null, out _));
    }

    [Fact]
    public void AnUnknownRoleIsNamed()
    {
        Assert.Null(Check((Role)42, "510802", null, out var errors));
        Assert.Equal(["role"], errors.Keys);
    }

    [Theory]
    [InlineData("short", "password must be at least 12 characters long.")]
    [InlineData("my name is zhangsan!", "password must not contain the login.")]
    [InlineData("MY NAME IS ZHANGSAN!", "password must not contain the login.")]
    [InlineData("a sentence long enough", null)]
    public void APasswordIsLongEnoughAndNotTheLogin(string password, string? problem) =>
        Assert.Equal(problem, UserRules.PasswordProblem(password, "zhangsan")?.En);

    private static UserScope? Check(Role? role, string? area, string? unit, out Dictionary<string, LocalizedText[]> errors)
    {
        errors = [];
        return UserRules.CheckScope(role, area, unit, Areas, Catalogue, errors);
    }
}
