using System.Net;
using System.Net.Http.Json;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Host.Tests.Production;

/// <summary>
/// The real node with PostgreSQL as its system of record: what it acknowledges is in the database
/// (read directly, not only through the API) and survives a <c>kill -9</c>.
/// </summary>
[Collection(PostgresNodeCollection.Name)]
public sealed class PostgresNodeTests(PostgresNode node)
{
    [Fact]
    public async Task AnAcknowledgedReportIsInPostgreSqlAndSurvivesAKillOfTheNode()
    {
        using var crew = await Crew.In(node, "510802001");
        var id = Crew.NewId();
        var acknowledged = await crew.GridWorker.PostAsJsonAsync("api/incidents", crew.PatrolReport(id, subcategory: "TS01")).Expect(HttpStatusCode.Created);

        await using (var connection = await TestPostgres.Open(node.ConnectionString))
        {
            Assert.Equal(1L, await TestPostgres.Scalar(connection, "SELECT COUNT(*) FROM incident_events WHERE incident_id = @id", ("id", id)));
            Assert.Equal(crew.Grid, await TestPostgres.Scalar(connection, "SELECT grid_code FROM incident_projection WHERE incident_id = @id", ("id", id)));

            // The area model the node seeded at its first start is grain state in the same database.
            Assert.Equal(1L, await TestPostgres.Scalar(connection, "SELECT COUNT(*) FROM grain_state WHERE state_name = 'system' AND grain_id = 'area-model'"));
        }

        await node.KillAndRestart();

        var details = await crew.Details(id);
        Assert.Equal(acknowledged.GetProperty("incident").GetRawText(), details.GetProperty("incident").GetRawText());
        Assert.Single(details.GetProperty("history").EnumerateArray());
        Assert.False(Directory.EnumerateFiles(node.DataDirectory, "*.db", SearchOption.AllDirectories).Any(), "The node wrote a SQLite file despite Storage:Provider=PostgreSql.");
    }
}
