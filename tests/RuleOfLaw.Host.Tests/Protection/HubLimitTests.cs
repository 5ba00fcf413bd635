using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Protection;

/// <summary>
/// The live hub's limits: every invocation counts against the caller's hub message limit (refused
/// with a HubException, the connection stays), and a message over the size limit closes the
/// connection that sent it.
/// </summary>
[Collection(NodeWithTightLimitsCollection.Name)]
public sealed class HubLimitTests(NodeWithTightLimits node)
{
    private static readonly object Fix = new { longitude = 105.84, latitude = 32.43 };

    [Fact]
    public async Task AnInvocationPastTheHubLimitIsRefusedNamingTheLimitAndTheConnectionStaysOpen()
    {
        var user = NewWorker();
        await using var phone = await ProtectionHub.Connect(node, Role.GridWorker, DemoAreas.District, user);
        for (var i = 0; i < 5; i++)
        {
            await phone.InvokeAsync("UpdatePosition", Fix).Within($"UpdatePosition {i + 1} to be accepted");
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => phone.InvokeAsync("UpdatePosition", Fix).Within("UpdatePosition 6 to be refused"));

        Assert.Contains(
            "Too many live messages: each user (each client address when not signed in) may send 5 at once, then 1 every 600 s. Retry in 600 s.",
            refused.Message,
            StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, phone.State);
        await Assert.ThrowsAsync<HubException>(() => phone.InvokeAsync("SubscribeArea", DemoAreas.District).Within("SubscribeArea to be refused"));
    }

    [Fact]
    public async Task AUsersConnectionsShareOneLimitAndOtherUsersKeepTheirs()
    {
        var user = NewWorker();
        await using var phone = await ProtectionHub.Connect(node, Role.GridWorker, DemoAreas.District, user);
        await using var tablet = await ProtectionHub.Connect(node, Role.GridWorker, DemoAreas.District, user);
        await using var colleague = await ProtectionHub.Connect(node, Role.GridWorker, DemoAreas.District, NewWorker());
        for (var i = 0; i < 5; i++)
        {
            await (i % 2 == 0 ? phone : tablet).InvokeAsync("UpdatePosition", Fix).Within($"UpdatePosition {i + 1} to be accepted");
        }

        await Assert.ThrowsAsync<HubException>(() => tablet.InvokeAsync("UpdatePosition", Fix).Within("the sixth UpdatePosition to be refused"));
        await colleague.InvokeAsync("UpdatePosition", Fix).Within("the colleague's UpdatePosition to be accepted");
    }

    [Fact]
    public async Task TheHubRefusalIsInChineseUnlessTheClientAsksForEnglish()
    {
        await using var phone = await ProtectionHub.Connect(node, Role.GridWorker, DemoAreas.District, NewWorker(), language: null);
        for (var i = 0; i < 5; i++)
        {
            await phone.InvokeAsync("UpdatePosition", Fix).Within($"UpdatePosition {i + 1} to be accepted");
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => phone.InvokeAsync("UpdatePosition", Fix).Within("UpdatePosition 6 to be refused"));

        Assert.Contains("实时消息过于频繁：每位用户（未登录时按客户端地址）最多连续 5 次，此后每 600 秒 1 次。请于 600 秒后再试。", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLargestBatchAPhoneMaySendFitsInOneMessage()
    {
        await using var phone = await ProtectionHub.Connect(node, Role.GridWorker, DemoAreas.District, NewWorker());
        var taken = DateTimeOffset.UtcNow.AddMinutes(-30);

        // Full precision everywhere: about 55 KB of JSON, over SignalR's default of 32 KB.
        var fixes = Enumerable.Range(0, 500)
            .Select(n => new { longitude = 105.841234567891 + (n * 1e-6), latitude = 32.431234567891, accuracyMetres = 12.345678901, at = taken.AddSeconds(3 * n).AddTicks(1234567) })
            .ToArray();

        await phone.InvokeAsync("UpdatePositions", fixes).Within("a batch of 500 fixes to be accepted");
    }

    [Fact]
    public async Task AMessageOverTheSizeLimitClosesTheConnectionThatSentIt()
    {
        await using var phone = await ProtectionHub.Connect(node, Role.GridWorker, DemoAreas.District, NewWorker());
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        phone.Closed += exception =>
        {
            closed.TrySetResult(exception);
            return Task.CompletedTask;
        };

        _ = phone.SendAsync("Unsubscribe", new string('x', 70 * 1024));

        await closed.Task.Within("the node to close the connection after a 70 KB message");
        Assert.Equal(HubConnectionState.Disconnected, phone.State);
    }

    private static string NewWorker() => $"gw-{Guid.NewGuid():N}";
}
