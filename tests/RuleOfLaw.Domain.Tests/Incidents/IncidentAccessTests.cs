using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Domain.Tests.Incidents;

public sealed class IncidentAccessTests
{
    [Theory]
    [InlineData("510802", null, true)]
    [InlineData("510802001", null, true)]
    [InlineData("510802001002", null, true)]
    [InlineData("510802001002007", null, true)]
    [InlineData("510802001002008", null, false)]
    [InlineData("510802008", null, false)]
    [InlineData("510802008", FixedContext.LeadUnit, true)]
    [InlineData("510802008", FixedContext.OtherUnit, false)]
    public void ACaseIsReadByThoseWhoseJurisdictionCoversItsGridAndByTheUnitItIsAssignedTo(string scope, string? unit, bool expected)
    {
        var actor = new Actor("someone", unit is null ? Role.Leader : Role.UnitHandler, unit, AreaCode.Parse(scope));

        Assert.Equal(expected, IncidentAccess.CanRead(actor, Cases.InState(IncidentState.InProgress)));
    }

    [Fact]
    public void AnAreaIsReadOnlyWithinTheActorsJurisdiction()
    {
        var streetLeader = new Actor("leader", Role.Leader, null, AreaCode.Parse("510802001"));

        Assert.True(IncidentAccess.CanRead(streetLeader, AreaCode.Parse("510802001002")));
        Assert.False(IncidentAccess.CanRead(streetLeader, AreaCode.Parse("510802")));
        Assert.False(IncidentAccess.CanRead(streetLeader, AreaCode.Parse("510802002")));
    }
}
