namespace RuleOfLaw.Silo.Hosting;

public static partial class HostExtensions
{
    public static WebApplication MapRuleOfLawHealth(this WebApplication app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).WithTags("Health").AllowAnonymous();
        return app;
    }

    /// <summary>Tells the person who started the node where to point a browser or curl.</summary>
    public static WebApplication PrintServedUrlsOnStart(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var url in app.Urls)
            {
                LogServing(app.Logger, url, $"{url}/api", $"{url}/openapi/v1.json", $"{url}/hubs/live", $"{url}/health");
            }
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "RuleOfLaw is serving {Url}: API {ApiUrl}, OpenAPI {OpenApiUrl}, live hub {HubUrl}, health {HealthUrl}")]
    private static partial void LogServing(ILogger logger, string url, string apiUrl, string openApiUrl, string hubUrl, string healthUrl);
}
