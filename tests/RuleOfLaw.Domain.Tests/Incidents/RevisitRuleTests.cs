using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Domain.Tests.Incidents;

/// <summary>The reporter loop (回访): revisiting a closed case, and a disputed closure reopening it.</summary>
public sealed class RevisitRuleTests
{
    private readonly FixedContext _context = new();

    private static IncidentRecord Closed() => Cases.InState(IncidentState.Closed) with { Closure = ClosureKind.Normal, DispatchCount = 1 };

    private static RevisitIncident Revisit(Satisfaction rating, bool disputed = false, string? reason = null, Role role = Role.Intake) =>
        new(Actors.Of(role), rating, disputed, reason, []);

    [Fact]
    public void ASatisfiedRevisitKeepsTheCaseClosedAndRecordsTheRating()
    {
        var e = Assert.IsType<Accepted>(IncidentLifecycle.Decide(Closed(), Revisit(Satisfaction.BasicallySatisfied), Cases.Now, _context)).Event;
        var after = IncidentLifecycle.Apply(Closed(), e, Closed().Id);

        Assert.Equal((IncidentState.Closed, IncidentState.Closed), (e.From, e.To));
        Assert.Equal(new RevisitedFacts(Satisfaction.BasicallySatisfied, false), e.Facts);
        Assert.Equal(new RevisitOutcome(Satisfaction.BasicallySatisfied, false, Cases.Now), after.Revisit);
        Assert.Equal(ClosureKind.Normal, after.Closure);
    }

    [Fact]
    public void ADisputedClosureGoesBackToTheSameUnitAsRework()
    {
        var closed = Closed();
        var e = Assert.IsType<Accepted>(IncidentLifecycle.Decide(closed, Revisit(Satisfaction.Dissatisfied, disputed: true, reason: "垃圾仍在"), Cases.Now, _context)).Event;
        var after = IncidentLifecycle.Apply(closed, e, closed.Id);

        Assert.Equal(IncidentState.Dispatched, after.State);
        Assert.Equal(closed.AssignedUnitId, after.AssignedUnitId);
        Assert.Equal(closed.ReworkCount + 1, after.ReworkCount);
        Assert.Equal(Cases.Now, after.DispatchedAt);
        Assert.Null(after.Closure);
        Assert.True(after.Revisit!.Disputed);
    }

    [Fact]
    public void ACaseRevisitedWithoutDisputeCannotBeRevisitedAgain()
    {
        var closed = Closed();
        var e = Assert.IsType<Accepted>(IncidentLifecycle.Decide(closed, Revisit(Satisfaction.Satisfied), Cases.Now, _context)).Event;
        var revisited = IncidentLifecycle.Apply(closed, e, closed.Id);

        var refused = Assert.IsType<Refused>(IncidentLifecycle.Decide(revisited, Revisit(Satisfaction.Dissatisfied), Cases.Now, _context));

        Assert.Equal(RefusalKind.NotAllowed, refused.Kind);
        Assert.Equal("The case has already been revisited.", refused.Message.En);
    }

    [Fact]
    public void ACaseReopenedByADisputeCanBeRevisitedAgainOnceClosedAgain()
    {
        var reopened = Closed() with { Revisit = new RevisitOutcome(Satisfaction.Dissatisfied, true, Cases.Now.AddDays(-2)) };

        Assert.IsType<Accepted>(IncidentLifecycle.Decide(reopened, Revisit(Satisfaction.Satisfied), Cases.Now, _context));
    }

    [Fact]
    public void ADisputeNeedsAReasonAndADissatisfiedRating()
    {
        var withoutReason = Assert.IsType<Refused>(IncidentLifecycle.Decide(Closed(), Revisit(Satisfaction.Dissatisfied, disputed: true), Cases.Now, _context));
        var satisfied = Assert.IsType<Refused>(IncidentLifecycle.Decide(Closed(), Revisit(Satisfaction.Satisfied, disputed: true, reason: "?"), Cases.Now, _context));

        Assert.Equal(["reason"], withoutReason.FieldErrors.Keys);
        Assert.Equal(["disputed"], satisfied.FieldErrors.Keys);
    }

    [Fact]
    public void ASelfHandledCaseCannotBeDisputedBackToAUnitItNeverHad()
    {
        var selfHandled = Cases.InState(IncidentState.Closed) with { AssignedUnitId = null, DefaultUnitId = null, DispatchedAt = null };

        var refused = Assert.IsType<Refused>(IncidentLifecycle.Decide(selfHandled, Revisit(Satisfaction.Dissatisfied, disputed: true, reason: "仍有问题"), Cases.Now, _context));

        Assert.Equal(["disputed"], refused.FieldErrors.Keys);
    }

    [Fact]
    public void AnUnknownRatingIsNamed()
    {
        var refused = Assert.IsType<Refused>(IncidentLifecycle.Decide(Closed(), Revisit((Satisfaction)9), Cases.Now, _context));

        Assert.Equal(["satisfaction"], refused.FieldErrors.Keys);
    }

    [Theory]
    [InlineData(Role.ShiftLeader)]
    [InlineData(Role.GridWorker)]
    [InlineData(Role.Leader)]
    public void OnlyIntakeRevisits(Role role)
    {
        var refused = Assert.IsType<Refused>(IncidentLifecycle.Decide(Closed(), Revisit(Satisfaction.Satisfied, role: role), Cases.Now, _context));

        Assert.Equal(RefusalKind.Forbidden, refused.Kind);
    }

    [Fact]
    public void RegistrationAndEveryDispatchAreRecordedForTheAssessment()
    {
        var pending = Cases.InState(IncidentState.PendingRegistration);
        var register = Assert.IsType<Accepted>(IncidentLifecycle.Decide(pending, new StepCommand(CommandKind.Register, Actors.Of(Role.ShiftLeader), null, []), Cases.Now, _context)).Event;
        var registered = IncidentLifecycle.Apply(pending, register, pending.Id);
        var dispatch = Assert.IsType<Accepted>(IncidentLifecycle.Decide(registered, new DispatchIncident(Actors.Of(Role.Dispatcher), null, null, []), Cases.Now.AddHours(1), _context)).Event;
        var dispatched = IncidentLifecycle.Apply(registered, dispatch, pending.Id);

        Assert.Equal(Cases.Now, dispatched.RegisteredAt);
        Assert.Equal(1, dispatched.DispatchCount);
    }
}
