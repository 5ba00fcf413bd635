using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Host.Tests.Access;

/// <summary>
/// The authorization matrix, generated from <see cref="AccessPolicy.Rules"/>: every door × every
/// endpoint and hub method through it × every role × inside / outside the role's reach, against
/// a real node over HTTP and the real SignalR client. Admitted means 2xx, refused means exactly
/// 403; any other answer fails the test naming the call.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class AuthorizationMatrixTests(SharedNode node) : IAsyncLifetime
{
    private MatrixWorld _world = null!;

    public static TheoryData<string> Doors => new(DoorCalls.PeoplesDoors.Select(rule => rule.Door.ToString()));

    public async Task InitializeAsync() => _world = await MatrixWorld.Create(node);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public void EveryDoorOfThePolicyTableIsCalledByTheMatrix()
    {
        var called = DoorCalls.All.Select(call => call.Door).ToHashSet();

        Assert.Empty(DoorCalls.PeoplesDoors.Select(rule => rule.Door).Where(door => !called.Contains(door)).Select(door => door.ToString()));
    }

    [Fact]
    public void NoEndpointOpensADoorOnlyThePlatformPasses()
    {
        var platformDoors = AccessPolicy.Rules.Except(DoorCalls.PeoplesDoors).Select(rule => rule.Door).ToList();

        Assert.Equal([Door.OfStep(CommandKind.FlagDuplicate)], platformDoors);
        Assert.DoesNotContain(DoorCalls.All, call => platformDoors.Contains(call.Door));
    }

    [Theory]
    [MemberData(nameof(Doors))]
    public async Task EveryRoleIsAdmittedExactlyWhereThePolicyTableReachesAndForbiddenElsewhere(string door)
    {
        var rule = AccessPolicy.Rules.Single(candidate => candidate.Door.ToString() == door);
        var mismatches = new List<string>();
        var calls = 0;
        foreach (var call in DoorCalls.All.Where(call => call.Door == rule.Door))
        {
            foreach (var role in Roles.People)
            {
                foreach (var inScope in new[] { true, false })
                {
                    var expected = Expected(rule, role, inScope || !call.Targeted);
                    var caseId = call.Prepare is null ? _world.SharedCase : await call.Prepare(_world);
                    var actual = await call.Invoke(_world, role, caseId, _world.Caller(role, inScope));
                    calls++;
                    if (actual == Passage.Admitted && rule.Door.Step is { } step)
                    {
                        _world.Used(step);
                    }

                    if (actual != expected)
                    {
                        mismatches.Add($"{call.Name} as {role} {(inScope ? "in scope" : "out of scope")}: expected {expected}, got {actual}");
                    }
                }
            }
        }

        Assert.True(calls >= Roles.People.Count * 2, $"No call goes through {door}.");
        Assert.True(calls >= Roles.People.Count * 2, $"No call goes through {door}.");
        Assert.Empty(mismatches);
    }

    private static Passage Expected(AccessRule rule, Role role, bool inScope) =>
        rule.Reach.TryGetValue(role, out var reach) && (inScope || reach == Reach.Anywhere) ? Passage.Admitted : Passage.Forbidden;
}
