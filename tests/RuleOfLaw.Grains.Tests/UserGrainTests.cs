using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Sessions;
using RuleOfLaw.Grains.Users;

namespace RuleOfLaw.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class UserGrainTests(ClusterFixture fixture)
{
    private static readonly AreaCode District = AreaCode.Parse("510802");

    [Fact]
    public async Task CreatingTwiceKeepsTheFirstAccountAndListsItOnce()
    {
        var login = NewLogin();
        var account = fixture.Grains.GetGrain<IUserGrain>(login);

        var first = await account.Create(new NewUser("甲", Role.Leader, District, null, "hash-1", UserSource.Local));
        var second = await account.Create(new NewUser("乙", Role.Intake, District, null, "hash-2", UserSource.Local));

        Assert.Equal(CreateOutcome.Created, first.Outcome);
        Assert.Equal((CreateOutcome.AlreadyExists, "甲", Role.Leader), (second.Outcome, second.Profile.DisplayName, second.Profile.Role));
        var logins = await fixture.Grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key).Logins();
        Assert.Single(logins, listed => listed == login);
        Assert.Equal("hash-1", (await account.BeginSignIn()).PasswordHash);
    }

    [Fact]
    public async Task DisableReScopeAndPasswordResetEachDrawANewStampAndEndRefreshSessions()
    {
        var account = await NewAccount(Role.Intake);
        var stamps = new List<string> { (await account.Session())!.SecurityStamp };

        foreach (var change in new Func<Task>[]
        {
            () => account.SetDisabled(true),
            () => account.Rescope(new UserScope(Role.Leader, AreaCode.Parse("510802003"), null)),
            () => account.SetPassword("hash-2"),
        })
        {
            await account.OpenRefreshSession("refresh", TimeSpan.FromDays(30));
            await change();
            stamps.Add((await account.Session())!.SecurityStamp);
            Assert.Equal(RefreshOutcome.Unknown, (await account.RotateRefreshSession("refresh", "next", TimeSpan.FromDays(30))).Outcome);
        }

        Assert.Equal(4, stamps.Distinct().Count());
        var profile = (await account.Profile())!;
        Assert.Equal((true, Role.Leader, "510802003"), (profile.Disabled, profile.Role, profile.Area.Value));
    }

    [Fact]
    public async Task ARefreshTokenUsedTwiceEndsEverySessionAndTheStamp()
    {
        var account = await NewAccount(Role.Leader);
        var stamp = (await account.Session())!.SecurityStamp;
        await account.OpenRefreshSession("t1", TimeSpan.FromDays(30));

        var rotated = await account.RotateRefreshSession("t1", "t2", TimeSpan.FromDays(30));
        var reused = await account.RotateRefreshSession("t1", "t3", TimeSpan.FromDays(30));

        Assert.Equal(RefreshOutcome.Rotated, rotated.Outcome);
        Assert.Equal(stamp, rotated.Session!.SecurityStamp);
        Assert.Equal(RefreshOutcome.Reused, reused.Outcome);
        Assert.Equal(RefreshOutcome.Unknown, (await account.RotateRefreshSession("t2", "t4", TimeSpan.FromDays(30))).Outcome);
        Assert.NotEqual(stamp, (await account.Session())!.SecurityStamp);
    }

    [Fact]
    public async Task FailedSignInsLockAKnownLoginDurablyAndAnUnknownOneInMemory()
    {
        var known = await NewAccount(Role.Leader);
        var unknown = fixture.Grains.GetGrain<IUserGrain>(NewLogin());
        var limits = new SignInLimits(3, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));

        foreach (var account in new[] { known, unknown })
        {
            Assert.Null(await account.RecordFailedSignIn(limits));
            Assert.Null(await account.RecordFailedSignIn(limits));
            Assert.Equal(TimeSpan.FromMinutes(15), await account.RecordFailedSignIn(limits));
            Assert.NotNull((await account.BeginSignIn()).LockedFor);
        }

        Assert.Null(await unknown.Profile());
        await fixture.DeactivateEverything();
        Assert.NotNull((await known.BeginSignIn()).LockedFor);
        await known.SetPassword("new-hash");
        Assert.Null((await known.BeginSignIn()).LockedFor);
    }

    [Fact]
    public async Task ADisabledAccountCannotSignInAndAnExternalOneHasNoPassword()
    {
        var disabled = await NewAccount(Role.Leader);
        await disabled.SetDisabled(true);
        var external = fixture.Grains.GetGrain<IUserGrain>(NewLogin());
        await external.ProvisionExternal("外部 External", new UserScope(Role.Leader, District, null));

        Assert.False((await disabled.BeginSignIn()).CanSignIn);
        Assert.False((await external.BeginSignIn()).CanSignIn);
        Assert.Equal(UserSource.External, (await external.Profile())!.Source);
    }

    [Fact]
    public async Task TheIssuerDecidesAnExternalAccountsScopeButNeverTakesOverALocalOne()
    {
        var local = await NewAccount(Role.Leader);
        var external = fixture.Grains.GetGrain<IUserGrain>(NewLogin());
        await external.ProvisionExternal("x", new UserScope(Role.Leader, District, null));

        var moved = await external.ProvisionExternal("x", new UserScope(Role.Intake, AreaCode.Parse("510802004"), null));
        var takeover = await local.ProvisionExternal("x", new UserScope(Role.Administrator, District, null));

        Assert.Equal((Role.Intake, "510802004"), (moved.Session!.Profile.Role, moved.Session.Profile.Area.Value));
        Assert.Equal(ProvisionOutcome.Conflict, takeover.Outcome);
        Assert.Equal(Role.Leader, (await local.Profile())!.Role);
    }

    [Fact]
    public async Task OnlyOneCallerEverClaimsTheSeeding()
    {
        var directory = fixture.Grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key);

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => directory.ClaimSeeding()));
        await fixture.DeactivateEverything();

        Assert.Single(claims, claimed => claimed);
        Assert.True(await directory.IsSeeded());
        Assert.False(await directory.ClaimSeeding());
    }

    [Fact]
    public async Task TheSigningKeyAndTheKeyRingAreKeptInTheStore()
    {
        var key = await fixture.Grains.GetGrain<ISigningKeyGrain>(ISigningKeyGrain.Key).SigningKey();
        await fixture.Grains.GetGrain<IKeyRingGrain>(IKeyRingGrain.Key).Store("key-1", "<key id=\"1\" />");

        await fixture.DeactivateEverything();

        Assert.Equal(32, key.Length);
        Assert.Equal(key, await fixture.Grains.GetGrain<ISigningKeyGrain>(ISigningKeyGrain.Key).SigningKey());
        Assert.Contains("<key id=\"1\" />", await fixture.Grains.GetGrain<IKeyRingGrain>(IKeyRingGrain.Key).Elements());
    }

    private async Task<IUserGrain> NewAccount(Role role)
    {
        var account = fixture.Grains.GetGrain<IUserGrain>(NewLogin());
        await account.Create(new NewUser("测试 Test", role, District, null, "hash-1", UserSource.Local));
        return account;
    }

    private static string NewLogin() => $"user-{Guid.NewGuid():N}";
}
