using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Silo.Hosting;

public static class TelemetryExtensions
{
    private const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Traces are recorded only when they go somewhere: an activity per request and per grain
    /// call costs CPU on every command (measured with bench/, see the README), so without an
    /// OTLP endpoint the node keeps its metrics and skips the spans.
    /// </summary>
    public static bool TracingEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);

    /// <summary>
    /// Metrics from Orleans, ASP.NET Core, the runtime and the project's own meter, always; traces
    /// from Orleans, ASP.NET Core and the project when an OTLP endpoint is configured
    /// (OTEL_EXPORTER_OTLP_ENDPOINT), which also exports both. The embedded default needs no collector.
    /// </summary>
    public static WebApplicationBuilder AddRuleOfLawTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans", RuleOfLawMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation());
        if (TracingEnabled(builder.Configuration))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", RuleOfLawMetrics.ActivitySourceName)
                    .AddAspNetCoreInstrumentation())
                .UseOtlpExporter();
        }

        return builder;
    }
}
