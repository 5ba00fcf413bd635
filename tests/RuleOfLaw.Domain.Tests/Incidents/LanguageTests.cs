using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Domain.Tests.Incidents;

/// <summary>Users read Chinese: every message and label exists in zh-CN and en.</summary>
public sealed class LanguageTests
{
    [Fact]
    public void EveryRefusalOfTheLifecycleSpeaksChineseAndEnglish()
    {
        var refusals = new List<Refused>();
        foreach (var state in Enum.GetValues<IncidentState>())
        {
            foreach (var command in Enum.GetValues<CommandKind>())
            {
                foreach (var role in Enum.GetValues<Role>())
                {
                    var bare = command switch
                    {
                        CommandKind.Report => Cases.Report(Actors.Of(role)) with { Description = "", Longitude = 999 },
                        _ => Cases.Command(command, Actors.Of(role)) with { Reason = null, Attachments = [] },
                    };
                    if (IncidentLifecycle.Decide(Cases.InState(state), bare, Cases.Now, new FixedContext()) is Refused refused)
                    {
                        refusals.Add(refused);
                    }

                    if (IncidentLifecycle.Decide(null, bare, Cases.Now, new FixedContext()) is Refused fresh)
                    {
                        refusals.Add(fresh);
                    }
                }
            }
        }

        Assert.NotEmpty(refusals);
        Assert.All(refusals, refused =>
        {
            AssertBilingual(refused.Message);
            Assert.All(refused.FieldErrors.Values.SelectMany(messages => messages), AssertBilingual);
        });
    }

    [Fact]
    public void EveryStateStepRoleSourceAndClosureHasAChineseAndAnEnglishLabel()
    {
        Assert.All(Enum.GetValues<IncidentState>(), value => AssertBilingual(IncidentLabels.Of(value)));
        Assert.All(Enum.GetValues<CommandKind>(), value => AssertBilingual(IncidentLabels.Of(value)));
        Assert.All(Enum.GetValues<Role>(), value => AssertBilingual(IncidentLabels.Of(value)));
        Assert.All(Enum.GetValues<IncidentSource>(), value => AssertBilingual(IncidentLabels.Of(value)));
        Assert.All(Enum.GetValues<ClosureKind>(), value => AssertBilingual(IncidentLabels.Of(value)));
        Assert.All(Enum.GetValues<PendingRequestKind>(), value => AssertBilingual(IncidentLabels.Of(value)));
        Assert.All(Enum.GetValues<RuleOfLaw.Grains.Supervision.ObligationStatus>(), value => AssertBilingual(IncidentLabels.Of(value)));
    }

    [Theory]
    [InlineData("zh-CN", "已结案")]
    [InlineData("zh", "已结案")]
    [InlineData(null, "已结案")]
    [InlineData("en", "Closed")]
    [InlineData("en-GB", "Closed")]
    public void ALabelIsReadInChineseUnlessEnglishIsAskedFor(string? culture, string expected)
    {
        Assert.Equal(expected, IncidentLabels.Of(IncidentState.Closed).For(culture));
    }

    private static void AssertBilingual(LocalizedText text)
    {
        Assert.Contains(text.ZhCn, c => c >= '\u4e00' && c <= '\u9fff');
        Assert.False(string.IsNullOrWhiteSpace(text.En));
        Assert.DoesNotContain(text.En, c => c >= '\u4e00' && c <= '\u9fff');
    }
}
