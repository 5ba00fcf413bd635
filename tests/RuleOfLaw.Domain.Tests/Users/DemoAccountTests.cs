using RuleOfLaw.Domain.Tests.Areas;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Users;

namespace RuleOfLaw.Domain.Tests.Users;

public sealed class DemoAccountTests
{
    private static readonly CatalogueBook Catalogue = CatalogueLoader.Load(CatalogueLoader.DefaultDirectory);

    [Fact]
    public void ThereIsOneAccountPerRoleAPersonCanHoldAndAFieldTeamMemberEachOverRealCodesThatPassTheRules()
    {
        var plan = DemoAccounts.Plan(DemoDistrict.Directory, Catalogue);

        var teamMember = Assert.Single(plan, account => account.Scope.Unit is { } unit && Catalogue.FindUnit(unit)?.Kind == UnitKind.FieldTeam);
        Assert.Equal(("fieldteam", Role.UnitHandler, DemoAccounts.FieldTeam), (teamMember.Login, teamMember.Scope.Role, teamMember.Scope.Unit));
        Assert.Equal(Roles.People.Order(), plan.Where(account => account != teamMember).Select(account => account.Scope.Role).Order());
        Assert.Equal(plan.Count, plan.Select(account => account.Login).Distinct().Count());
        foreach (var account in plan)
        {
            var errors = new Dictionary<string, LocalizedText[]>();
            var scope = UserRules.CheckScope(account.Scope.Role, account.Scope.Area.Value, account.Scope.Unit, DemoDistrict.Directory, Catalogue, errors);
            Assert.True(errors.Count == 0, $"{account.Login}: {string.Join(", ", errors.Keys)}");
            Assert.Equal(account.Scope, scope);
            Assert.True(LoginNames.IsValid(account.Login));
        }
    }

    [Fact]
    public void TheGridWorkerPatrolsTheGridOfTheReadmesWalk()
    {
        var worker = DemoAccounts.Plan(DemoDistrict.Directory, Catalogue).Single(account => account.Scope.Role == Role.GridWorker);

        var resolved = DemoDistrict.Directory.Resolve(DemoAccounts.PatrolLongitude, DemoAccounts.PatrolLatitude);

        Assert.Equal(resolved!.GridCode, worker.Scope.Area.Value);
    }

    [Fact]
    public void AProductionStoreStartsWithTheAdministratorOnly() =>
        Assert.Equal([Role.Administrator], DemoAccounts.AdministratorOnly(DemoDistrict.Directory, Catalogue).Select(account => account.Scope.Role));
}
