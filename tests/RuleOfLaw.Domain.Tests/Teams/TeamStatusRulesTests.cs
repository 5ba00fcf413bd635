using RuleOfLaw.Grains.Teams;
using static RuleOfLaw.Grains.Teams.TeamStatus;

namespace RuleOfLaw.Domain.Tests.Teams;

public sealed class TeamStatusRulesTests
{
    [Fact]
    public void ATeamGoesOutAndComesBackStepByStepAndNeverStaysWhereItIs()
    {
        (TeamStatus From, TeamStatus To)[] allowed =
        [
            (Available, Dispatched), (Available, OutOfService),
            (Dispatched, EnRoute), (Dispatched, Available), (Dispatched, OutOfService),
            (EnRoute, OnScene), (EnRoute, Returning), (EnRoute, Available),
            (OnScene, Returning), (OnScene, Available),
            (Returning, Available), (Returning, Dispatched),
            (OutOfService, Available),
        ];

        foreach (var from in Enum.GetValues<TeamStatus>())
        {
            foreach (var to in Enum.GetValues<TeamStatus>())
            {
                Assert.Equal(allowed.Contains((from, to)), TeamStatusRules.Allows(from, to));
            }
        }
    }

    [Fact]
    public void OnlyTheStatusesOfATaskHaveAThresholdAndConfigurationOverridesItsDefault()
    {
        var options = new TeamOptions { Thresholds = { [Dispatched] = TimeSpan.FromMinutes(2) } };

        Assert.Equal(TimeSpan.FromMinutes(2), options.ThresholdOf(Dispatched));
        Assert.Equal(TimeSpan.FromMinutes(30), options.ThresholdOf(EnRoute));
        Assert.Null(options.ThresholdOf(Available));
        Assert.Null(options.ThresholdOf(OutOfService));
        Assert.All(Enum.GetValues<TeamStatus>(), status => Assert.False(string.IsNullOrEmpty(TeamStatusRules.Label(status).ZhCn)));
    }
}
