using System.Net;
using System.Text.Json;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Incidents;

/// <summary>
/// Steps that are never the caller's are refused with 403 and why; steps of the caller's at the
/// wrong moment with 409 and what they may do instead.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class RefusalTests(SharedNode node) : IAsyncLifetime
{
    private Crew _crew = null!;

    public async Task InitializeAsync() => _crew = await Crew.In(node, DemoAreas.RefusalStreet);

    public Task DisposeAsync()
    {
        _crew.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AStepThatIsNotAllowedInTheCurrentStateIsAConflictListingWhatTheCallerMayDo()
    {
        var id = (await _crew.Report()).Text("id");

        using var response = await _crew.Intake.PostAsync($"api/incidents/{id}/register", null);
        var problem = await response.Expect(HttpStatusCode.Conflict);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Register is not allowed in state Reported.", problem.Text("detail"));
        Assert.Equal("Reported", problem.Text("state"));
        Assert.Equal(1, problem.GetProperty("version").GetInt32());
        Assert.Equal(["forward", "reject", "merge"], problem.Strings("allowed"));
        Assert.Equal(1, await _crew.VersionOf(id));
    }

    [Fact]
    public async Task AStepTakenByTheWrongRoleIsForbiddenNamingTheRolesItAdmits()
    {
        var id = (await _crew.Report()).Text("id");

        var problem = await _crew.GridWorker.PostAsync($"api/incidents/{id}/forward", null).Expect(HttpStatusCode.Forbidden);

        Assert.Equal("The role GridWorker may not Forward (allowed: Intake).", problem.Text("detail"));
        Assert.False(problem.TryGetProperty("state", out _), "A 403 tells nothing about the case's state.");
        Assert.Equal(1, await _crew.VersionOf(id));
    }

    [Fact]
    public async Task AUnitThatTheCaseIsNotAssignedToCannotSignForIt()
    {
        var incident = await _crew.Dispatched();
        var id = incident.Text("id");

        var problem = await _crew.Unit("police").PostAsync($"api/incidents/{id}/sign", null).Expect(HttpStatusCode.Forbidden);

        Assert.Equal($"The case is assigned to unit {incident.Text("assignedUnitId")}, not to police.", problem.Text("detail"));
        Assert.Equal(4, await _crew.VersionOf(id));
    }

    [Fact]
    public async Task AGridWorkerCannotReportOutsideTheirOwnGrid()
    {
        var elsewhere = await node.PointInGridOf(DemoAreas.RefusalStreet, index: 1);
        var id = Crew.NewId();
        var body = new
        {
            id,
            subcategory = "CG03",
            description = "越界上报",
            longitude = elsewhere.Longitude,
            latitude = elsewhere.Latitude,
            attachments = new[] { "photo/before.jpg" },
        };

        var problem = await _crew.GridWorker.PostAsync("api/incidents", HttpExpectations.Json(body)).Expect(HttpStatusCode.Forbidden);

        Assert.Equal($"The location lies in grid {elsewhere.GridCode}, outside the reporter's area {_crew.Grid}.", problem.Text("detail"));
        await _crew.Leader.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnUnknownCaseIsNotFoundForReadsAndSteps()
    {
        var id = Crew.NewId();

        var read = await _crew.Leader.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.NotFound);
        var history = await _crew.Leader.GetAsync($"api/incidents/{id}/history").Expect(HttpStatusCode.NotFound);
        var step = await _crew.Intake.PostAsync($"api/incidents/{id}/forward", null).Expect(HttpStatusCode.NotFound);

        Assert.Equal($"No case with id {id}.", read.Text("detail"));
        Assert.Equal($"No case with id {id}.", history.Text("detail"));
        Assert.Equal(404, step.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.String, step.GetProperty("detail").ValueKind);
    }
}
