using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RuleOfLaw.Web.Protection;

namespace RuleOfLaw.Host.Tests.Protection;

/// <summary>Log categories that would print tokens or personal data stay at their floor whatever the configuration says.</summary>
public sealed class LogCategoryTests
{
    private const string Hosting = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private const string HubDispatcher = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    [Fact]
    public void TurningEverythingUpLeavesRequestLinesAndHubArgumentsOut()
    {
        using var factory = Factory(new() { ["Logging:LogLevel:Default"] = "Trace" });

        Assert.False(factory.CreateLogger(Hosting).IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger(Hosting).IsEnabled(LogLevel.Warning));
        Assert.False(factory.CreateLogger(HubDispatcher).IsEnabled(LogLevel.Error));
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.SignalR.HubConnectionHandler").IsEnabled(LogLevel.Debug));
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.BadRequests").IsEnabled(LogLevel.Debug));
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware").IsEnabled(LogLevel.Critical));
        Assert.True(factory.CreateLogger("RuleOfLaw.Web.Live.LiveRelay").IsEnabled(LogLevel.Trace));
        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Routing.EndpointMiddleware").IsEnabled(LogLevel.Trace));
    }

    [Fact]
    public void ARuleNamingTheCategoryItselfIsRaisedToo()
    {
        using var factory = Factory(new() { [$"Logging:LogLevel:{HubDispatcher}"] = "Trace", [$"Logging:LogLevel:{Hosting}"] = "Debug" });

        Assert.False(factory.CreateLogger(HubDispatcher).IsEnabled(LogLevel.Trace));
        Assert.False(factory.CreateLogger(Hosting).IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void AProvidersOwnRuleIsHeldAtTheFloorAsWell()
    {
        using var factory = Factory(new() { ["Logging:LogLevel:Default"] = "Warning", ["Logging:Console:LogLevel:Default"] = "Trace" });

        Assert.False(factory.CreateLogger(Hosting).IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("RuleOfLaw.Web.Live.LiveRelay").IsEnabled(LogLevel.Trace));
    }

    [Fact]
    public void AQuieterSettingStaysQuieter()
    {
        using var factory = Factory(new() { ["Logging:LogLevel:Default"] = "Information", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error" });

        Assert.False(factory.CreateLogger(Hosting).IsEnabled(LogLevel.Warning));
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.SignalR.HubConnectionHandler").IsEnabled(LogLevel.Warning));
        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.SignalR.HubConnectionHandler").IsEnabled(LogLevel.Error));
    }

    private static ILoggerFactory Factory(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddProvider(new ConsoleLikeProvider());
        });
        services.PostConfigure<LoggerFilterOptions>(SensitiveLogCategories.Clamp);
        return services.BuildServiceProvider().GetRequiredService<ILoggerFactory>();
    }

    /// <summary>Stands in for the console logger, under its configuration name; whether a level is on is left to the filter rules.</summary>
    [ProviderAlias("Console")]
    private sealed class ConsoleLikeProvider : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public bool IsEnabled(LogLevel logLevel) => true;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        public void Dispose()
        {
        }
    }
}
