using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RuleOfLaw.Web.Protection;

/// <summary>
/// Abuse limits of the web edge: per-user rate limits (HTTP and hub), size limits, CORS closed
/// unless origins are listed, security headers on every response, and log categories that must
/// not print tokens or personal data held at a safe level. Settings under <c>Protection:*</c>
/// (deploy/configuration.md).
/// </summary>
public static class ProtectionExtensions
{
    private const string CorsPolicyName = "RuleOfLaw";

    public static WebApplicationBuilder AddRuleOfLawProtection(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection(ProtectionOptions.SectionName).Get<ProtectionOptions>() ?? new ProtectionOptions();
        Validate(options);
        services.AddSingleton(Options.Create(options));

        services.AddSingleton<CallerRateLimiter>();
        services.AddSingleton<ProtectionMetrics>();
        services.AddRateLimiter(limits =>
        {
            limits.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limits.OnRejected = (rejected, _) => RateLimitRefusal.WriteAsync(rejected.HttpContext, rejected.Lease);
        });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<CallerRateLimiter>((limits, limiter) => limits.GlobalLimiter = limiter.ForHttp);

        services.Configure<ProblemDetailsOptions>(problems => problems.CustomizeProblemDetails += OversizedBodies.Explain);
        services.Configure<HubOptions>(hub =>
        {
            hub.MaximumReceiveMessageSize = options.MaxHubMessageBytes;
            // The first filter is the outermost: it also sees the rate limiter's refusals.
            hub.AddFilter<HubFailureLogging>();
            hub.AddFilter<HubRateLimitFilter>();
        });

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Nothing tells a scanner which server and version answer.
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = options.MaxConcurrentConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = options.MaxConcurrentUpgradedConnections;
        });

        services.AddCors(cors => cors.AddPolicy(CorsPolicyName, policy => ConfigureCors(policy, options.Cors)));

        // Headers and CORS wrap the whole pipeline, ahead of anything a later change puts first
        // (static files of the browser app, sign-in callbacks), so that no response escapes them.
        services.AddSingleton(new SecurityHeaders(options.Hsts));
        services.AddTransient<IStartupFilter, OutermostProtection>();

        services.PostConfigure<LoggerFilterOptions>(SensitiveLogCategories.Clamp);
        return builder;
    }

    /// <summary>
    /// The per-user rate limits. Goes after authentication, which names the user, and before
    /// authorization, so that a flood of calls that will be refused is cut off cheaply too. An
    /// endpoint with a throttle of its own (sign-in, whose callers are anonymous and share an
    /// address behind a load balancer) opts out with ASP.NET Core's <c>.DisableRateLimiting()</c>.
    /// </summary>
    public static WebApplication UseRuleOfLawProtection(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static void ConfigureCors(Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder policy, CorsOptions cors)
    {
        // No origin listed: the policy allows none, so a browser on another origin gets no
        // Access-Control-Allow-Origin and reads nothing.
        policy.WithOrigins([.. cors.AllowedOrigins.Select(NormalizeOrigin)])
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .AllowAnyHeader()
            .WithExposedHeaders("Retry-After", "Location")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
        if (cors.AllowCredentials)
        {
            policy.AllowCredentials();
        }
    }

    private static string NormalizeOrigin(string origin) => origin.Trim().TrimEnd('/');

    /// <summary>Settings that would open more than intended stop the node at start, naming the setting.</summary>
    private static void Validate(ProtectionOptions options)
    {
        foreach (var origin in options.Cors.AllowedOrigins)
        {
            if (!Uri.TryCreate(NormalizeOrigin(origin), UriKind.Absolute, out var uri)
                || uri.Scheme is not ("https" or "http")
                || uri.PathAndQuery != "/")
            {
                throw new InvalidOperationException(
                    $"Protection:Cors:AllowedOrigins: '{origin}' is not an origin such as https://console.example.gov.cn (a scheme, a host and an optional port; no '*', no path).");
            }
        }

        var limits = options.RateLimits;
        foreach (var kind in new[] { LimitKind.Reports, LimitKind.Transitions, LimitKind.Writes, LimitKind.HubMessages })
        {
            var bucket = limits.For(kind);
            if (bucket.TokenLimit < 1 || bucket.TokensPerPeriod < 1 || bucket.ReplenishmentPeriod <= TimeSpan.Zero)
            {
                throw new InvalidOperationException(
                    $"Protection:RateLimits:{kind}: TokenLimit and TokensPerPeriod must be at least 1 and ReplenishmentPeriod positive.");
            }
        }

        if (options.MaxUploadBytes < WebExtensions.MaxRequestBodyBytes || options.MaxHubMessageBytes < 1024)
        {
            throw new InvalidOperationException(
                $"Protection:MaxUploadBytes must be at least {WebExtensions.MaxRequestBodyBytes} and Protection:MaxHubMessageBytes at least 1024.");
        }
    }

    private sealed class OutermostProtection(SecurityHeaders headers) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(headers.InvokeAsync);
            app.UseCors(CorsPolicyName);
            next(app);
        };
    }
}
