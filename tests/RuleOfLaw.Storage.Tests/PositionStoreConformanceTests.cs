using RuleOfLaw.Grains.Positions;
using RuleOfLaw.Silo.Storage;

namespace RuleOfLaw.Storage.Tests;

/// <summary>
/// What every dialect of <see cref="IPositionStore"/> does: batches stored idempotently (a batch
/// written again after a failure adds nothing), tracks read by window in time order with a limit,
/// the newest fix per subject of an area (areas nest by code prefix), and retention.
/// Each test uses subjects and areas of its own, so tests share one database.
/// </summary>
public abstract class PositionStoreConformanceTests(Func<IPositionStore> openStore) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    protected IPositionStore Store { get; } = openStore();

    public Task InitializeAsync() => Store.Initialize();

    public virtual Task DisposeAsync() => Store is IAsyncDisposable disposable ? disposable.DisposeAsync().AsTask() : Task.CompletedTask;

    [Fact]
    public async Task ABatchWrittenTwiceIsStoredOnceAndReadBackInTimeOrder()
    {
        var subject = Subject();
        var batch = Enumerable.Range(0, 50).Reverse().Select(n => Fix(subject, "510802001001", n)).ToList();

        await Store.Append(batch);
        await Store.Append(batch);
        var track = await Store.Track(subject, Start, Start.AddHours(1), 1000);

        Assert.Equal(50, track.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(n => Start.AddSeconds(n)), track.Select(fix => fix.TakenAt));
        Assert.Equal((105.8 + 0.0001 * 7, 32.4, 5.0), (track[7].Longitude, track[7].Latitude, track[7].AccuracyMetres!.Value));
        Assert.Equal(Start.AddSeconds(7).AddMilliseconds(300), track[7].ReceivedAt);
    }

    [Fact]
    public async Task ATrackIsReadByHalfOpenWindowUpToTheLimitAndTheLastFixIsTheNewest()
    {
        var subject = Subject();
        await Store.Append([.. Enumerable.Range(0, 20).Select(n => Fix(subject, "510802001001", n))]);

        var window = await Store.Track(subject, Start.AddSeconds(5), Start.AddSeconds(10), 1000);
        var limited = await Store.Track(subject, Start, Start.AddHours(1), 3);
        var last = await Store.Last(subject);

        Assert.Equal([5, 6, 7, 8, 9], window.Select(fix => (int)(fix.TakenAt - Start).TotalSeconds));
        Assert.Equal([0, 1, 2], limited.Select(fix => (int)(fix.TakenAt - Start).TotalSeconds));
        Assert.Equal((Start.AddSeconds(19), "510802001001"), (last!.Fix.TakenAt, last.HomeArea));
        Assert.Null(await Store.Last(Subject()));
    }

    [Fact]
    public async Task AnAreasLatestHoldsTheNewestFixOfEachSubjectUnderItSinceTheInstant()
    {
        var area = $"5108029{Random.Shared.Next(10, 99)}";
        var inGrid = Subject();
        var inOtherGrid = Subject();
        var quiet = Subject();
        var elsewhere = Subject();
        await Store.Append(
        [
            Fix(inGrid, $"{area}001", 1), Fix(inGrid, $"{area}001", 9), Fix(inGrid, $"{area}001", 4),
            Fix(inOtherGrid, $"{area}002", 3),
            Fix(quiet, $"{area}001", -600),
            Fix(elsewhere, "510802001001", 8),
        ]);

        var latest = await Store.Latest(area, Start);

        Assert.Equal(
            new Dictionary<string, int> { [inGrid] = 9, [inOtherGrid] = 3 },
            latest.ToDictionary(stored => stored.Subject, stored => (int)(stored.Fix.TakenAt - Start).TotalSeconds));
        Assert.Single(await Store.Latest($"{area}002", Start));
    }

    [Fact]
    public async Task AnAreasFixesOfAWindowAreEveryFixOfItsSubjectsTakenInIt()
    {
        var area = $"5108028{Random.Shared.Next(10, 99)}";
        var walker = Subject();
        var other = Subject();
        await Store.Append(
        [
            Fix(walker, $"{area}001", 1), Fix(walker, $"{area}001", 2), Fix(walker, $"{area}001", 30),
            Fix(other, $"{area}002", 3), Fix(Subject(), "510802001001", 4),
        ]);

        var inWindow = await Store.InArea(area, Start, Start.AddSeconds(10), 1000);
        var limited = await Store.InArea(area, Start, Start.AddSeconds(10), 2);

        Assert.Equal(
            [(walker, 1), (walker, 2), (other, 3)],
            inWindow.Select(stored => (stored.Subject, (int)(stored.Fix.TakenAt - Start).TotalSeconds)).OrderBy(entry => entry.Item2));
        Assert.Equal(2, limited.Count);
    }

    [Fact]
    public async Task FixesPastRetentionAreDeletedAndNewerOnesKept()
    {
        var subject = Subject();
        var old = Start.AddYears(-3);
        await Store.Append([Fix(subject, "510802001001", 0, old), Fix(subject, "510802001001", 1, old), Fix(subject, "510802001001", 0)]);

        var removed = await Store.DeleteBefore(old.AddMinutes(1));

        Assert.True(removed >= 2);
        Assert.Equal([Start], (await Store.Track(subject, old.AddYears(-1), Start.AddDays(1), 10)).Select(fix => fix.TakenAt));
    }

    private static string Subject() => PositionSubject.Worker($"gw-{Guid.NewGuid():N}").Key;

    private static StoredFix Fix(string subject, string area, int second, DateTimeOffset? from = null)
    {
        var taken = (from ?? Start).AddSeconds(second);
        return new StoredFix(subject, area, new PositionFix(105.8 + 0.0001 * second, 32.4, second % 2 == 0 ? null : 5.0, taken, taken.AddMilliseconds(300)));
    }
}

public sealed class SqlitePositionStoreConformanceTests(SqliteDatabaseFixture database)
    : PositionStoreConformanceTests(() => new SqlitePositionStore(Microsoft.Extensions.Options.Options.Create(database.Options))), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresPositionStoreConformanceTests(PostgresDatabaseFixture database)
    : PositionStoreConformanceTests(() => new PostgresPositionStore(database.ConnectionString)), IClassFixture<PostgresDatabaseFixture>;
