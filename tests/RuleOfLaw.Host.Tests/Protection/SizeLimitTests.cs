using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Protection;

/// <summary>A body over the API's 64 KiB is answered 413 with a problem naming the limit, however it is sent.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class SizeLimitTests(SharedNode node)
{
    private static readonly string OversizedReport = JsonSerializer.Serialize(new { id = Guid.CreateVersion7(), subcategory = "CG03", description = new string('x', 70_000) });

    [Fact]
    public async Task AReportOverTheBodyLimitIsAnswered413WithAProblemNamingTheLimit()
    {
        using var worker = node.Client(Role.GridWorker, user: $"gw-{Guid.NewGuid():N}");

        using var response = await worker.PostAsync("api/incidents", HttpExpectations.Raw(OversizedReport));
        var problem = await response.Expect(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("The request body is too large.", problem.Text("title"));
        Assert.Equal("The request body is larger than this endpoint's limit of 64 KiB.", problem.Text("detail"));
        Assert.Equal(65_536, problem.GetProperty("maxBodyBytes").GetInt64());
    }

    [Fact]
    public async Task ABodySentInChunksWithoutALengthIsRefusedAlike()
    {
        using var worker = node.Client(Role.GridWorker, user: $"gw-{Guid.NewGuid():N}", language: null);

        using var response = await worker.PostAsync("api/incidents", new UnsizedContent(OversizedReport));
        var problem = await response.Expect(HttpStatusCode.RequestEntityTooLarge);

        Assert.True(response.RequestMessage!.Headers.TransferEncodingChunked, "the body was meant to go without a Content-Length");
        Assert.Equal("请求体过大。", problem.Text("title"));
        Assert.Equal("请求体超过本接口 64 KiB 的上限。", problem.Text("detail"));
    }

    /// <summary>A JSON body whose length is not told in advance, so HttpClient sends it chunked.</summary>
    private sealed class UnsizedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnsizedContent(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
