using System.Net;
using System.Net.Http.Json;
using Npgsql;
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

    [Fact]
    public async Task AnEventEditedInPostgreSqlWhileTheNodeRunsIsNamedAsTheFirstBrokenLink()
    {
        using var crew = await Crew.In(node, "510802002");
        var id = (await crew.Report()).Text("id");
        await Crew.Step(crew.Intake, id, "forward", new { reason = "转值班长立案" });
        await Crew.Step(crew.ShiftLeader, id, "register", new { reason = "符合立案条件" });
        await Crew.Step(crew.Dispatcher, id, "dispatch");
        Assert.True((await crew.Leader.GetAsync($"api/incidents/{id}/audit").Expect(HttpStatusCode.OK)).GetProperty("verified").GetBoolean());

        await using (var connection = await TestPostgres.Open(node.ConnectionString))
        {
            await using var edit = new NpgsqlCommand(
                "UPDATE incident_events SET payload = replace(payload, '符合立案条件', '不符合立案条件') WHERE incident_id = @id AND version = 3 AND payload LIKE '%符合立案条件%'",
                connection);
            edit.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }

        var broken = await crew.Leader.GetAsync($"api/incidents/{id}/audit").Expect(HttpStatusCode.OK);
        Assert.False(broken.GetProperty("verified").GetBoolean());
        Assert.Equal(3, broken.GetProperty("firstBrokenVersion").GetInt32());
        Assert.Equal("ContentMismatch", broken.Text("breakKind"));
        Assert.Equal("Event 3's content does not match its hash.", broken.Text("reason"));
        var packet = await crew.Leader.GetAsync($"api/incidents/{id}/accountability").Expect(HttpStatusCode.OK);
        Assert.Equal("不符合立案条件", packet.GetProperty("history")[2].GetProperty("event").Text("reason"));
        Assert.Equal(3, packet.GetProperty("verification").GetProperty("firstBrokenVersion").GetInt32());
    }
}
