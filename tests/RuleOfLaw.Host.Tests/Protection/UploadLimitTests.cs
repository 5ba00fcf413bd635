using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Web;
using RuleOfLaw.Web.Errors;
using RuleOfLaw.Web.Protection;

namespace RuleOfLaw.Host.Tests.Protection;

/// <summary>
/// The upload marker. The product has no upload endpoint yet (photos arrive with a later issue)
/// and ships no endpoint for tests, so the marker is tried on a host of the test's own: real Kestrel
/// on loopback with the API's 64 KiB body limit, the product's protection and error handling, and
/// two endpoints that read their body the way an upload does, one of them marked.
/// </summary>
public sealed class UploadLimitTests : IAsyncLifetime
{
    private const long MaxUploadBytes = 2 * 1024 * 1024;

    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Protection:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = WebExtensions.MaxRequestBodyBytes);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.AddRuleOfLawProtection();

        _app = builder.Build();
        _app.UseRuleOfLawLanguages();
        _app.UseExceptionHandler();
        _app.UseStatusCodePages();
        _app.MapPost("/photos", (HttpRequest request) => CountBody(request)).AcceptsUploads();
        _app.MapPost("/notes", (HttpRequest request) => CountBody(request));
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address) };
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AMarkedEndpointTakesABodyUpToTheUploadLimit()
    {
        var answer = await _client.PostAsync("/photos", Body(MaxUploadBytes)).Expect(HttpStatusCode.OK);

        Assert.Equal(MaxUploadBytes, answer.GetInt64());
    }

    [Fact]
    public async Task AnUnmarkedEndpointKeepsTheApisLimit()
    {
        var problem = await _client.PostAsync("/notes", Body(WebExtensions.MaxRequestBodyBytes + 1)).Expect(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("The request body is larger than this endpoint's limit of 64 KiB.", problem.Text("detail"));
    }

    [Fact]
    public async Task AnUploadOverItsLimitIsAnswered413NamingTheLimit()
    {
        var problem = await _client.PostAsync("/photos", Body(MaxUploadBytes + 1)).Expect(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("The request body is too large.", problem.Text("title"));
        Assert.Equal("The request body is larger than this endpoint's limit of 2 MiB.", problem.Text("detail"));
        Assert.Equal(MaxUploadBytes, problem.GetProperty("maxBodyBytes").GetInt64());
    }

    private static ByteArrayContent Body(long bytes) => new(new byte[bytes]);

    private static async Task<long> CountBody(HttpRequest request)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }
}
