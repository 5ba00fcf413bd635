using System.Net;
using System.Net.Http.Json;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Incidents;

/// <summary>The client-generated id makes a report safe to retry: one case, however often it is sent.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class IdempotentReportTests(SharedNode node) : IAsyncLifetime
{
    private Crew _crew = null!;

    public async Task InitializeAsync() => _crew = await Crew.In(node, DemoAreas.IdempotencyStreet);

    public Task DisposeAsync()
    {
        _crew.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ReportingTheSameBodyTwiceAnswers201Then200WithTheSameIncidentAtVersion1()
    {
        var body = _crew.PatrolReport(Crew.NewId());

        var first = await _crew.GridWorker.PostAsJsonAsync("api/incidents", body).Expect(HttpStatusCode.Created);
        var second = await _crew.GridWorker.PostAsJsonAsync("api/incidents", body).Expect(HttpStatusCode.OK);

        Assert.Equal(first.GetProperty("incident").GetRawText(), second.GetProperty("incident").GetRawText());
        Assert.Equal(1, second.GetProperty("incident").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task TwentyConcurrentIdenticalReportsCreateOneIncidentAndOneCreatedAnswer()
    {
        var id = Crew.NewId();
        var body = _crew.PatrolReport(id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _crew.GridWorker.PostAsJsonAsync("api/incidents", body)));
        var statuses = responses.Select(response => response.StatusCode).ToList();
        var incidents = await Task.WhenAll(responses.Select(response => response.Content.ReadAsStringAsync()));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.Equal(1, statuses.Count(status => status == HttpStatusCode.Created));
        Assert.Equal(19, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Single(incidents.Select(text => HttpExpectations.Parse(text).GetProperty("incident").GetRawText()).Distinct());
        var details = await _crew.Details(id);
        Assert.Equal(1, details.GetProperty("incident").GetProperty("version").GetInt32());
        Assert.Single(details.GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task ARetryWithTheSameIdButDifferentContentIsAConflictAndChangesNothing()
    {
        var id = Crew.NewId();
        var first = await _crew.GridWorker.PostAsJsonAsync("api/incidents", _crew.PatrolReport(id)).Expect(HttpStatusCode.Created);

        using var retry = await _crew.GridWorker.PostAsJsonAsync("api/incidents", _crew.PatrolReport(id, description: "另一处垃圾"));
        var problem = await retry.Expect(HttpStatusCode.Conflict);

        Assert.Equal("application/problem+json", retry.Content.Headers.ContentType?.MediaType);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal("A report with this id already exists with different content.", problem.Text("detail"));
        var details = await _crew.Details(id);
        Assert.Equal(first.GetProperty("incident").GetRawText(), details.GetProperty("incident").GetRawText());
        Assert.Single(details.GetProperty("history").EnumerateArray());
    }
}
