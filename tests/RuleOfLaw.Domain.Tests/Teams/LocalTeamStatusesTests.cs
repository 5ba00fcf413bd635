using RuleOfLaw.Grains.Teams;
using static RuleOfLaw.Grains.Teams.TeamStatus;

namespace RuleOfLaw.Domain.Tests.Teams;

public sealed class LocalTeamStatusesTests
{
    private static readonly LocalTeamStatusOption[] District =
    [
        new() { Code = "Responding", ZhCn = "出警", En = "Responding", Meaning = "EnRoute" },
        new() { Code = "Training", ZhCn = "训练", En = "Training", Meaning = "OutOfService" },
        new() { Code = "VehicleMaintenance", ZhCn = "车辆检修", En = "Vehicle maintenance", Meaning = "outofservice" },
    ];

    private static readonly LocalTeamStatuses Names = LocalTeamStatuses.From(District);

    [Fact]
    public void AMemberMaySendACanonicalNameOrALocalCodeInAnyCaseAndNothingElse()
    {
        Assert.Equal(new ResolvedTeamStatus(EnRoute, null), Names.Resolve("enroute"));
        Assert.Equal(new ResolvedTeamStatus(OutOfService, null), Names.Resolve(" OutOfService "));
        Assert.Equal(new ResolvedTeamStatus(EnRoute, "Responding"), Names.Resolve("responding"));
        Assert.Equal(new ResolvedTeamStatus(OutOfService, "VehicleMaintenance"), Names.Resolve("VehicleMaintenance"));
        Assert.Null(Names.Resolve("Flying"));
        Assert.Null(Names.Resolve("2"));
        Assert.Null(Names.Resolve(""));
        Assert.Null(Names.Resolve(null));
        Assert.Null(LocalTeamStatuses.None.Resolve("Training"));
        Assert.Equal(
            ["Available", "Dispatched", "EnRoute", "OnScene", "Returning", "OutOfService", "Responding", "Training", "VehicleMaintenance"],
            Names.Accepted);
    }

    [Fact]
    public void TheChoicesAreTheAllowedNextStatusesEachFollowedByItsLocalNames()
    {
        Assert.Equal(
            ["Dispatched", "OutOfService", "Training", "VehicleMaintenance"],
            Names.ChoicesFrom(Available, null).Select(choice => choice.Value));
        Assert.Equal(
            ["EnRoute", "Responding", "Available", "OutOfService", "Training", "VehicleMaintenance"],
            Names.ChoicesFrom(Dispatched, null).Select(choice => choice.Value));
        var responding = Names.ChoicesFrom(Dispatched, null)[1];
        Assert.Equal((EnRoute, "出警", "Responding"), (responding.Status, responding.LocalStatus!.Name.ZhCn, responding.LocalStatus.Name.En));
        Assert.Equal(
            ["Dispatched", "OutOfService"],
            LocalTeamStatuses.None.ChoicesFrom(Available, null).Select(choice => choice.Value));
    }

    [Fact]
    public void ATeamMayMoveBetweenTwoLocalNamesOfTheSameMeaningButNotStayWhereItIs()
    {
        Assert.Equal(["Available", "VehicleMaintenance"], Names.ChoicesFrom(OutOfService, "Training").Select(choice => choice.Value));
        Assert.True(Names.Allows(OutOfService, "Training", new ResolvedTeamStatus(OutOfService, "VehicleMaintenance")));
        Assert.False(Names.Allows(OutOfService, "Training", new ResolvedTeamStatus(OutOfService, "Training")));
        Assert.False(Names.Allows(OutOfService, null, new ResolvedTeamStatus(OutOfService, "Training")));
        Assert.False(Names.Allows(OutOfService, "Training", new ResolvedTeamStatus(OutOfService, null)));
        Assert.False(Names.Allows(Available, null, new ResolvedTeamStatus(EnRoute, "Responding")));
        Assert.True(Names.Allows(Dispatched, null, new ResolvedTeamStatus(EnRoute, "Responding")));
        Assert.True(Names.Allows(EnRoute, "Responding", new ResolvedTeamStatus(OnScene, null)));
    }

    [Fact]
    public void ACodeNoLongerConfiguredOrMeaningSomethingElseNamesNothing()
    {
        Assert.Equal("训练", Names.Find("Training", OutOfService)!.Name.ZhCn);
        Assert.Null(Names.Find("Training", Available));
        Assert.Null(Names.Find("Drill", OutOfService));
        Assert.Equal(["Available"], Names.ChoicesFrom(OutOfService, "Drill").Select(choice => choice.Value));
    }

    [Fact]
    public void BadEntriesAreRefusedEachNamedByItsPositionAndCode()
    {
        Assert.Empty(LocalTeamStatuses.Problems(District));
        Assert.Empty(new TeamOptions().Problems());
        // A later configuration source drops an inherited entry by blanking it: not an error, not a status.
        LocalTeamStatusOption[] blanked = [District[0], new() { Code = "", ZhCn = " ", En = "", Meaning = "" }];
        Assert.Empty(LocalTeamStatuses.Problems(blanked));
        Assert.Single(LocalTeamStatuses.From(blanked).Entries);

        LocalTeamStatusOption[] bad =
        [
            new() { Code = "Training", ZhCn = "训练", En = "Training", Meaning = "OutOfService" },
            new() { Code = "training", ZhCn = "集训", En = "Drill", Meaning = "OutOfService" },
            new() { Code = "enroute", ZhCn = "在路上", En = "On the way", Meaning = "EnRoute" },
            new() { Code = " ", ZhCn = "空", En = "Empty", Meaning = "Available" },
            new() { Code = "Patrol", ZhCn = "巡逻", En = "", Meaning = "Patrolling" },
            new() { Code = "Standby", ZhCn = "备勤", En = "Standby", Meaning = "3" },
        ];
        var problems = LocalTeamStatuses.Problems(bad);

        Assert.Equal(
        [
            "Teams:LocalStatuses:1 (training): Code is used by an earlier entry.",
            "Teams:LocalStatuses:2 (enroute): Code is a canonical status name; choose another code.",
            "Teams:LocalStatuses:3: Code is required.",
            "Teams:LocalStatuses:4 (Patrol): both labels, ZhCn and En, are required.",
            "Teams:LocalStatuses:4 (Patrol): Meaning 'Patrolling' is not one of Available, Dispatched, EnRoute, OnScene, Returning, OutOfService.",
            "Teams:LocalStatuses:5 (Standby): Meaning '3' is not one of Available, Dispatched, EnRoute, OnScene, Returning, OutOfService.",
        ], problems);
    }

    [Fact]
    public void TheOptionsReadTheirLocalNamesAndTheThresholdsStillReadTheCanonicalStatus()
    {
        var options = new TeamOptions { LocalStatuses = [.. District] };

        Assert.Equal(3, options.Local.Entries.Count);
        Assert.Equal(options.ThresholdOf(EnRoute), options.ThresholdOf(options.Local.Resolve("Responding")!.Value.Status));
    }

    [Fact]
    public void TheDispatchRecommendationShowsTheLocalNameButRanksByTheCanonicalStatus()
    {
        var training = Names.Find("Training", OutOfService);
        var ranking = DispatchRanking.Rank("law-enforcement", new MapPoint(105.84, 32.43),
        [
            new TeamCandidate("resting", RuleOfLaw.Grains.Common.Text.Of("一中队", "Squadron 1"), OutOfService, new MapPoint(105.84, 32.43), 0, training),
            new TeamCandidate("ready", RuleOfLaw.Grains.Common.Text.Of("二中队", "Squadron 2"), Available, new MapPoint(105.85, 32.44), 0),
        ]);

        Assert.Equal(["ready", "resting"], ranking.Teams.Select(team => team.TeamId));
        Assert.Equal((false, "Training"), (ranking.Teams[1].Selectable, ranking.Teams[1].LocalStatus?.Code));
        Assert.Null(ranking.Teams[0].LocalStatus);
    }
}
