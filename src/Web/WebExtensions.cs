using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Areas;
using RuleOfLaw.Web.Assessment;
using RuleOfLaw.Web.BrowserApp;
using RuleOfLaw.Web.Calendar;
using RuleOfLaw.Web.Catalogue;
using RuleOfLaw.Web.Diagnostics;
using RuleOfLaw.Web.Errors;
using RuleOfLaw.Web.Incidents;
using RuleOfLaw.Grains.Live;
using RuleOfLaw.Web.Live;
using RuleOfLaw.Web.Photos;
using RuleOfLaw.Web.Protection;
using RuleOfLaw.Web.Sessions;
using RuleOfLaw.Web.Supervision;
using RuleOfLaw.Web.Teams;
using RuleOfLaw.Web.Units;
using RuleOfLaw.Web.Users;
using RuleOfLaw.Web.Workers;

namespace RuleOfLaw.Web;

/// <summary>The edges people touch: REST endpoints, the live hub and its relay, authentication.</summary>
public static partial class WebExtensions
{
    /// <summary>Configuration key that switches the development actor scheme on (tests and benchmarks only).</summary>
    public const string DevelopmentAuthenticationKey = "Authentication:Development:Enabled";

    /// <summary>Largest request body the API accepts; a report with ten attachment references is far below it.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static WebApplicationBuilder AddRuleOfLawWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.ConfigureHttpJsonOptions(options => ConfigureJson(options.SerializerOptions));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<UnavailableExceptionHandler>();
        services.AddExceptionHandler<ActorRefusedExceptionHandler>();
        services.AddOpenApi();
        builder.AddRuleOfLawProtection();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        builder.AddRuleOfLawAuthentication();
        services.AddAuthorization();
        services.AddSingleton<IAuthorizationHandler, DoorRequirementHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, DoorRefusalResultHandler>();

        // After the silo (registered before the web): the first start of an empty store seeds accounts.
        services.AddHostedService<AccountSeeder>();
        services.AddSignalR().AddJsonProtocol(options => ConfigureJson(options.PayloadSerializerOptions));
        services.AddSingleton<AreaIncidents>();
        services.AddSingleton<Positions>();
        services.AddSingleton<Grains.Positions.GridCoverageCells>();
        services.AddSingleton<Assessment.CoverageReadings>();
        services.AddSingleton<LiveRelay>();
        services.AddSingleton<ILiveRelay>(provider => provider.GetRequiredService<LiveRelay>());
        services.AddHostedService(provider => provider.GetRequiredService<LiveRelay>());
        return builder;
    }

    public static WebApplication MapRuleOfLawWeb(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>(DevelopmentAuthenticationKey))
        {
            LogDevelopmentAuthentication(app.Logger);
        }

        app.UseRuleOfLawLanguages();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The app's files are public and the same for everyone: served before sign-in is looked at.
        app.UseRuleOfLawBrowserApp();
        app.UseAuthentication();
        app.UseRuleOfLawProtection();
        app.UseRuleOfLawAntiforgery();
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapSessionApi();
        app.MapTokensApi();
        app.MapUsersApi();
        app.MapIncidentsApi();
        app.MapOwnReportsApi();
        app.MapAccountabilityApi();
        app.MapAreasApi();
        app.MapAreaIncidentsApi();
        app.MapCatalogueApi();
        app.MapCalendarApi();
        app.MapUnitsApi();
        app.MapAssessmentApi();
        app.MapPositionsApi();
        app.MapTracksApi();
        app.MapCoverageApi();
        app.MapSupervisionApi();
        app.MapPhotosApi();
        app.MapTeamsApi();
        if (app.Configuration.GetValue<bool>(DiagnosticsApi.EnabledKey))
        {
            app.MapDiagnosticsApi();
        }

        // A connection lives no longer than the session or token that opened it.
        app.MapHub<LiveHub>(LiveHub.Path, options => options.CloseOnAuthenticationExpiration = true);
        app.MapRuleOfLawBrowserApp();
        DoorEndpoints.VerifyEveryApiEndpointHasADoor(((IEndpointRouteBuilder)app).DataSources);
        return app;
    }

    private static void ConfigureJson(System.Text.Json.JsonSerializerOptions options)
    {
        // Chinese text as UTF-8, not \uXXXX escapes: half the bytes on every response and delta.
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        options.Converters.Add(new JsonStringEnumConverter());
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DEVELOPMENT AUTHENTICATION IS ON: any caller can act as anyone by sending X-Actor-* headers. Never expose this node to a network.")]
    private static partial void LogDevelopmentAuthentication(ILogger logger);
}
