using Microsoft.Extensions.Time.Testing;
using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Domain.Tests.Common;

public sealed class SharedReadingsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private int _reads;

    [Fact]
    public async Task CallersAtOnceShareOneReadingAndItIsReusedWithinTheWindowOnly()
    {
        var readings = new SharedReadings<string, int>(TimeSpan.FromSeconds(30), _time);
        var pending = new TaskCompletionSource<int>();

        var first = readings.Get("510802", _ => Count(pending.Task));
        var second = readings.Get("510802", _ => Count(pending.Task));
        pending.SetResult(7);
        Assert.Equal((7, 7, 1), (await first, await second, _reads));

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(7, await readings.Get("510802", _ => Count(Task.FromResult(8))));
        Assert.Equal(1, _reads);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(8, await readings.Get("510802", _ => Count(Task.FromResult(8))));
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task EachKeyHasItsOwnReading()
    {
        var readings = new SharedReadings<string, int>(TimeSpan.FromSeconds(30), _time);

        Assert.Equal(1, await readings.Get("510802002", _ => Count(Task.FromResult(1))));
        Assert.Equal(2, await readings.Get("510802005", _ => Count(Task.FromResult(2))));
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task AFailedReadingIsNotHandedOutAgain()
    {
        var readings = new SharedReadings<string, int>(TimeSpan.FromSeconds(30), _time);

        await Assert.ThrowsAsync<TimeoutException>(() => readings.Get("510802", _ => Count(Task.FromException<int>(new TimeoutException()))));
        Assert.Equal(3, await readings.Get("510802", _ => Count(Task.FromResult(3))));
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task AZeroWindowSharesOnlyAReadingInFlight()
    {
        var readings = new SharedReadings<string, int>(TimeSpan.Zero, _time);
        var pending = new TaskCompletionSource<int>();

        var first = readings.Get("510802", _ => Count(pending.Task));
        var second = readings.Get("510802", _ => Count(pending.Task));
        pending.SetResult(4);
        Assert.Equal((4, 4), (await first, await second));
        Assert.Equal(5, await readings.Get("510802", _ => Count(Task.FromResult(5))));
        Assert.Equal(2, _reads);
    }

    private Task<int> Count(Task<int> reading)
    {
        _reads++;
        return reading;
    }
}
