using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RuleOfLaw.Web.Protection;

namespace RuleOfLaw.Host.Tests.Protection;

/// <summary>A hub's refusals stay out of the log; its failures do not.</summary>
public sealed class HubFailureLoggingTests
{
    [Fact]
    public async Task AFailureIsLoggedWithTheMethodAndRethrown()
    {
        var logger = new RecordingLogger();
        var filter = new HubFailureLogging(logger);

        await Assert.ThrowsAsync<InvalidOperationException>(() => filter.InvokeMethodAsync(Invocation(), _ => throw new InvalidOperationException("bug")).AsTask());

        var (level, message, exception) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Equal("Hub method SubscribeArea failed", message);
        Assert.IsType<InvalidOperationException>(exception);
    }

    [Fact]
    public async Task ARefusalIsRethrownUnlogged()
    {
        var logger = new RecordingLogger();
        var filter = new HubFailureLogging(logger);

        await Assert.ThrowsAsync<HubException>(() => filter.InvokeMethodAsync(Invocation(), _ => throw new HubException("'13987650432' is not an area of the district.")).AsTask());

        Assert.Empty(logger.Entries);
    }

    private static HubInvocationContext Invocation() =>
        new(new Caller(), new ServiceCollection().BuildServiceProvider(), new SampleHub(), typeof(SampleHub).GetMethod(nameof(SampleHub.SubscribeArea))!, ["510802"]);

    private sealed class SampleHub : Hub
    {
        public static Task SubscribeArea(string areaCode) => Task.FromResult(areaCode);
    }

    private sealed class Caller : HubCallerContext
    {
        public override string ConnectionId => "connection";

        public override string? UserIdentifier => null;

        public override ClaimsPrincipal? User => null;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort()
        {
        }
    }

    private sealed class RecordingLogger : ILogger<HubFailureLogging>
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), exception));
    }
}
