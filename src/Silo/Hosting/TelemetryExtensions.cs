using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Silo.Hosting;

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces and metrics from Orleans, ASP.NET Core and the project's own meter. Exported over
    /// OTLP only when an endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT), so the embedded
    /// default needs no collector.
    /// </summary>
    public static WebApplicationBuilder AddRuleOfLawTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", RuleOfLawMetrics.ActivitySourceName)
                .AddAspNetCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans", RuleOfLawMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
