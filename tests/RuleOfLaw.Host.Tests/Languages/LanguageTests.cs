using System.Net;
using Microsoft.AspNetCore.SignalR;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Languages;

/// <summary>Users read Chinese: messages come in zh-CN unless the client asks for English.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class LanguageTests(SharedNode node)
{
    [Fact]
    public async Task ARefusalIsExplainedInChineseByDefault()
    {
        using var crew = await Crew.In(node, DemoAreas.RefusalStreet, gridIndex: 3);
        var id = (await crew.Report()).Text("id");
        using var intake = node.Client(Role.Intake, language: null);

        var problem = await (await intake.PostAsync($"api/incidents/{id}/register", null)).Expect(HttpStatusCode.Conflict);

        Assert.Equal("与当前状态冲突。", problem.Text("title"));
        Assert.Equal("事件处于“已上报”状态，不能“立案”。", problem.Text("detail"));
    }

    [Theory]
    [InlineData("en", "Register is not allowed in state Reported.")]
    [InlineData("en-US", "Register is not allowed in state Reported.")]
    [InlineData("zh-CN", "事件处于“已上报”状态，不能“立案”。")]
    [InlineData("fr", "事件处于“已上报”状态，不能“立案”。")]
    public async Task TheAcceptLanguageHeaderChoosesTheLanguageOfTheExplanation(string language, string detail)
    {
        using var crew = await Crew.In(node, DemoAreas.RefusalStreet, gridIndex: 4);
        var id = (await crew.Report()).Text("id");
        using var intake = node.Client(Role.Intake, language: language);

        var problem = await (await intake.PostAsync($"api/incidents/{id}/register", null)).Expect(HttpStatusCode.Conflict);

        Assert.Equal(detail, problem.Text("detail"));
    }

    [Fact]
    public async Task FieldErrorsAreInChineseByDefault()
    {
        using var worker = node.Client(Role.GridWorker, language: null);

        var problem = await (await worker.PostAsync("api/incidents", HttpExpectations.Json(new { id = Guid.CreateVersion7() })))
            .Expect(HttpStatusCode.BadRequest);

        Assert.Equal("请求有误。", problem.Text("title"));
        Assert.Equal("事件描述为必填项。", problem.GetProperty("errors").GetProperty("description")[0].GetString());
    }

    [Fact]
    public async Task TheHubRefusesInChineseByDefault()
    {
        await using var dashboard = await LiveClient.Connect(node, Role.Leader, DemoAreas.District, language: null);

        var refusal = await Assert.ThrowsAsync<HubException>(() => dashboard.SubscribeArea("510802099"));

        Assert.Contains("“510802099”不是本区的区域编码。", refusal.Message);
    }
}
