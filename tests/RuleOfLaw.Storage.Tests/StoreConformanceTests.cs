using Orleans.Storage;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Silo.Storage;

namespace RuleOfLaw.Storage.Tests;

/// <summary>
/// The specification every dialect of <see cref="IRuleOfLawStore"/> meets. A dialect subclasses it
/// with a factory that opens a store over one database shared by the whole class; each test keys
/// its data freshly (ids, grid codes, service ids), so tests never see each other's rows.
/// </summary>
public abstract class StoreConformanceTests(Func<IRuleOfLawStore> openStore) : IAsyncLifetime
{
    // Unique district codes within the process; the random start keeps reruns on a kept file apart.
    private static int _lastDistrict = Random.Shared.Next(100_000, 800_000);

    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    private readonly List<IRuleOfLawStore> _opened = [];

    protected IRuleOfLawStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await OpenStore();

    public Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            (store as IDisposable)?.Dispose();
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task AWrittenGrainStateReadsBackAndClearsAway()
    {
        var grainId = NewId("unit");

        var firstETag = await Store.WriteGrainState("unit", grainId, [1, 2, 3], null);
        var first = await Store.ReadGrainState("unit", grainId);
        Assert.NotNull(first);
        Assert.Equal([1, 2, 3], first.Payload);
        Assert.Equal(firstETag, first.ETag);

        var secondETag = await Store.WriteGrainState("unit", grainId, [4, 5], firstETag);
        var second = await Store.ReadGrainState("unit", grainId);
        Assert.NotEqual(firstETag, secondETag);
        Assert.NotNull(second);
        Assert.Equal([4, 5], second.Payload);
        Assert.Equal(secondETag, second.ETag);

        await Store.ClearGrainState("unit", grainId, secondETag);
        Assert.Null(await Store.ReadGrainState("unit", grainId));

        var rewrittenETag = await Store.WriteGrainState("unit", grainId, [6], null);
        var rewritten = await Store.ReadGrainState("unit", grainId);
        Assert.NotNull(rewritten);
        Assert.Equal([6], rewritten.Payload);
        Assert.Equal(rewrittenETag, rewritten.ETag);
    }

    [Fact]
    public async Task ReadingAStateThatWasNeverWrittenReturnsNull()
    {
        Assert.Null(await Store.ReadGrainState("unit", NewId("unit")));
    }

    [Fact]
    public async Task StatesAreKeyedByStateNameAndGrainId()
    {
        var grainId = NewId("unit");
        await Store.WriteGrainState("status", grainId, [1], null);
        await Store.WriteGrainState("position", grainId, [2], null);

        Assert.Equal([1], (await Store.ReadGrainState("status", grainId))!.Payload);
        Assert.Equal([2], (await Store.ReadGrainState("position", grainId))!.Payload);
        Assert.Null(await Store.ReadGrainState("status", NewId("unit")));
    }

    [Fact]
    public async Task WritingWithAStaleETagThrowsInconsistentStateAndKeepsTheStoredState()
    {
        var grainId = NewId("unit");
        var staleETag = await Store.WriteGrainState("unit", grainId, [1], null);
        var currentETag = await Store.WriteGrainState("unit", grainId, [2], staleETag);

        var stale = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Store.WriteGrainState("unit", grainId, [3], staleETag));
        Assert.Equal(currentETag, stale.StoredEtag);
        Assert.Equal(staleETag, stale.CurrentEtag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.WriteGrainState("unit", grainId, [4], null));

        var stored = await Store.ReadGrainState("unit", grainId);
        Assert.NotNull(stored);
        Assert.Equal(currentETag, stored.ETag);
        Assert.Equal([2], stored.Payload);
    }

    [Fact]
    public async Task WritingOverAClearedStateWithItsOldETagThrowsInconsistentState()
    {
        var grainId = NewId("unit");
        var eTag = await Store.WriteGrainState("unit", grainId, [1], null);
        await Store.ClearGrainState("unit", grainId, eTag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.WriteGrainState("unit", grainId, [2], eTag));
        Assert.Null(await Store.ReadGrainState("unit", grainId));
    }

    [Fact]
    public async Task ClearingWithAStaleETagThrowsInconsistentStateAndKeepsTheStoredState()
    {
        var grainId = NewId("unit");
        var staleETag = await Store.WriteGrainState("unit", grainId, [1], null);
        var currentETag = await Store.WriteGrainState("unit", grainId, [2], staleETag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.ClearGrainState("unit", grainId, staleETag));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.ClearGrainState("unit", grainId, null));

        var stored = await Store.ReadGrainState("unit", grainId);
        Assert.NotNull(stored);
        Assert.Equal(currentETag, stored.ETag);
        Assert.Equal([2], stored.Payload);
    }

    [Fact]
    public async Task ClearingAStateThatWasNeverWrittenWithoutAnETagSucceeds()
    {
        var grainId = NewId("unit");

        await Store.ClearGrainState("unit", grainId, null);

        Assert.Null(await Store.ReadGrainState("unit", grainId));
    }

    [Fact]
    public async Task OfEightConcurrentFirstWritesExactlyOneSucceeds()
    {
        var grainId = NewId("unit");

        var outcomes = await RaceAsync(8, async writer =>
        {
            try
            {
                return (Writer: writer, ETag: (string?)await Store.WriteGrainState("unit", grainId, [(byte)writer], null));
            }
            catch (InconsistentStateException)
            {
                return (Writer: writer, ETag: null);
            }
        });

        var winner = Assert.Single(outcomes, outcome => outcome.ETag is not null);
        var stored = await Store.ReadGrainState("unit", grainId);
        Assert.NotNull(stored);
        Assert.Equal(winner.ETag, stored.ETag);
        Assert.Equal([(byte)winner.Writer], stored.Payload);
    }

    [Fact]
    public async Task AppendedEventsReadBackInOrderWithExactPayloadsAndTimestamps()
    {
        var incidentId = NewId("incident");
        var gridCode = GridCode(NextDistrict(), 1, 1, 1);
        var reportedAt = new DateTimeOffset(2025, 3, 14, 9, 26, 53, ChinaStandardTime).AddTicks(5_358_979);
        var first = Event(1, "Reported", """{"note":"井盖缺失 \"东门\"","photos":[]}""", reportedAt);
        var second = Event(2, "Dispatched", """{"unit":"patrol-7"}""", reportedAt.AddMinutes(3).AddTicks(1));
        var third = Event(3, "Arrived", """{"lat":31.2304,"lon":121.4737}""", reportedAt.ToUniversalTime().AddMinutes(11));

        Assert.True(await Store.Append(incidentId, 0, [first], Projection(incidentId, gridCode, 1, "Reported", "road", true, first.RecordedAt)));
        Assert.True(await Store.Append(incidentId, 1, [second, third], Projection(incidentId, gridCode, 3, "Arrived", "road", true, third.RecordedAt)));

        var events = await Store.ReadEvents(incidentId);
        Assert.Equal([first, second, third], events);
        Assert.Equal(
            [ChinaStandardTime, ChinaStandardTime, TimeSpan.Zero],
            events.Select(stored => stored.RecordedAt.Offset));
    }

    [Fact]
    public async Task SealedEventsReadBackWithTheirHashesIdenticalAndTheirChainVerifies()
    {
        var incidentId = NewId("incident");
        var gridCode = GridCode(NextDistrict(), 1, 1, 1);
        var sealedEvents = SampleEvents.Sealed(incidentId, SampleEvents.History(Now()));

        Assert.True(await Store.Append(incidentId, 0, [sealedEvents[0]], Projection(incidentId, gridCode, 1, "Reported", "CG", true, Now())));
        Assert.True(await Store.Append(incidentId, 1, [.. sealedEvents.Skip(1)], Projection(incidentId, gridCode, 4, "Dispatched", "CG", true, Now())));

        var stored = await Store.ReadEvents(incidentId);
        Assert.Equal(sealedEvents, stored);
        Assert.Equal(sealedEvents.Select(e => e.Hash), stored.Select(e => e.Hash));
        Assert.Equal([AuditChain.Genesis, .. sealedEvents.SkipLast(1).Select(e => e.Hash)], stored.Select(e => e.PreviousHash));
        var verification = AuditChain.Verify(incidentId, stored, knownVersion: 4);
        Assert.True(verification.Verified, verification.Reason.En);
        Assert.Equal(sealedEvents[^1].Hash, verification.HeadHash);
    }

    [Fact]
    public async Task AnAppendOfAnUnsealedEventOrOfEventsThatDoNotChainIsRefusedAndWritesNothing()
    {
        var incidentId = NewId("incident");
        var gridCode = GridCode(NextDistrict(), 1, 1, 1);
        var at = Now();
        var projection = Projection(incidentId, gridCode, 2, "Dispatched", "road", true, at);
        var first = Event(1, "Reported", "{}", at);
        var second = Event(2, "Dispatched", "{}", at);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.Append(incidentId, 0, [first with { Hash = "" }], projection with { Version = 1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Append(incidentId, 0, [first with { PreviousHash = "ABC" }], projection with { Version = 1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Append(incidentId, 0, [first, second with { PreviousHash = AuditChain.Genesis }], projection));

        Assert.Empty(await Store.ReadEvents(incidentId));
    }

    [Fact]
    public async Task EventsWrittenBeforeTheAuditChainAreSealedInVersionOrderPerIncidentWhenTheSchemaMigrates()
    {
        var database = await CreateDatabaseAtSchemaVersion1();
        var history = SampleEvents.History(Now());

        // Written out of order, and enough incidents that the backfill reads several pages, one of
        // them ending inside an incident (1,200 rows of 3 per incident at 1,000 a page).
        var bulk = Enumerable.Range(0, 400).Select(index => $"bulk-{index:D4}").ToList();
        var rows = bulk
            .SelectMany(incidentId => history.Take(3).Reverse().Select(e => (IncidentId: incidentId, Event: e)))
            .Append(("zz-late", history[1]))
            .Append(("zz-late", history[0]))
            .ToList();
        await InsertVersion1Events(database, rows);

        var migrated = await OpenInitializedStoreAt(database);

        foreach (var incidentId in bulk.Append("zz-late"))
        {
            var stored = await migrated.ReadEvents(incidentId);
            var verification = AuditChain.Verify(incidentId, stored, knownVersion: stored.Count);
            Assert.True(verification.Verified, $"{incidentId}: {verification.Reason.En}");
        }

        var late = await migrated.ReadEvents("zz-late");
        var expected = SampleEvents.Sealed("zz-late", late.Select(AuditChain.TryRead).OfType<IncidentEvent>());
        Assert.Equal(expected.Select(e => (e.PreviousHash, e.Hash)), late.Select(e => (e.PreviousHash, e.Hash)));
        Assert.All(late, e => Assert.Null(AuditChain.TryRead(e)!.LegalBasis));
        Assert.Equal((long)SchemaVersion, Convert.ToInt64(await ScalarAt(database, "SELECT COUNT(*) FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((long)SchemaVersion, Convert.ToInt64(await ScalarAt(database, "SELECT MAX(version) FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture));

        // The chain goes on from the last backfilled seal.
        var next = history[3];
        var appended = IncidentEventJson.ToStored("zz-late", next with { Version = 3 }, late[^1].Hash);
        Assert.True(await migrated.Append("zz-late", 2, [appended], Projection("zz-late", GridCode(NextDistrict(), 1, 1, 1), 3, "Dispatched", "CG", true, next.At)));
        Assert.True(AuditChain.Verify("zz-late", await migrated.ReadEvents("zz-late"), knownVersion: 3).Verified);
    }

    [Fact]
    public async Task ASealBlankedAfterTheMigrationIsNotSealedAgainAtTheNextStart()
    {
        var database = await CreateDatabaseAtSchemaVersion1();
        var history = SampleEvents.History(Now());
        await InsertVersion1Events(database, [.. history.Take(3).Select(e => ("incident-1", e))]);
        await OpenInitializedStoreAt(database);

        await ScalarAt(database, "UPDATE incident_events SET hash = '' WHERE incident_id = 'incident-1' AND version = 2");
        var restarted = await OpenInitializedStoreAt(database);

        var verification = AuditChain.Verify("incident-1", await restarted.ReadEvents("incident-1"), knownVersion: 3);
        Assert.Equal((2, AuditBreak.ContentMismatch), (verification.FirstBrokenVersion, verification.Break));
    }

    [Fact]
    public async Task ReadingEventsOfAnIncidentNeverReportedReturnsNone()
    {
        Assert.Empty(await Store.ReadEvents(NewId("incident")));
    }

    [Fact]
    public async Task AnAppendAtTheWrongExpectedVersionReturnsFalseAndChangesNothing()
    {
        var incidentId = NewId("incident");
        var gridCode = GridCode(NextDistrict(), 1, 1, 1);
        var at = Now();
        var reported = Event(1, "Reported", "{}", at);
        var projection = Projection(incidentId, gridCode, 1, "Reported", "road", true, at);
        Assert.True(await Store.Append(incidentId, 0, [reported], projection));

        var behind = await Store.Append(
            incidentId, 0, [Event(1, "Reported", """{"again":true}""", at)], Projection(incidentId, gridCode, 1, "Closed", "road", false, at));
        var ahead = await Store.Append(
            incidentId, 4, [Event(5, "Closed", "{}", at)], Projection(incidentId, gridCode, 5, "Closed", "road", false, at));

        Assert.False(behind);
        Assert.False(ahead);
        Assert.Equal([reported], await Store.ReadEvents(incidentId));
        Assert.Equal([projection], await Store.ReadOpenInGrid(gridCode));
    }

    [Fact]
    public async Task OfSixteenConcurrentAppendsAtOneExpectedVersionExactlyOneSucceeds()
    {
        var incidentId = NewId("incident");
        var gridCode = GridCode(NextDistrict(), 1, 1, 1);
        var at = Now();

        var outcomes = await RaceAsync(16, async writer => (
            Writer: writer,
            Appended: await Store.Append(
                incidentId,
                0,
                [Event(1, "Reported", $$"""{"writer":{{writer}}}""", at)],
                Projection(incidentId, gridCode, 1, "Reported", $"category-{writer}", true, at))));

        var winner = Assert.Single(outcomes, outcome => outcome.Appended);
        var stored = Assert.Single(await Store.ReadEvents(incidentId));
        Assert.Equal($$"""{"writer":{{winner.Writer}}}""", stored.Payload);
        Assert.Equal($"category-{winner.Writer}", Assert.Single(await Store.ReadOpenInGrid(gridCode)).Category);
    }

    [Fact]
    public async Task ReadOpenInGridReturnsOnlyTheOpenIncidentsOfThatGrid()
    {
        var district = NextDistrict();
        var gridCode = GridCode(district, 1, 1, 1);
        var neighbourGridCode = GridCode(district, 1, 1, 2);
        var at = new DateTimeOffset(2025, 6, 1, 8, 0, 0, ChinaStandardTime).AddTicks(7);
        var open = Projection(NewId("incident"), gridCode, 1, "Reported", "road", true, at);
        var closed = Projection(NewId("incident"), gridCode, 2, "Closed", "water", false, at.AddHours(1));
        var elsewhere = Projection(NewId("incident"), neighbourGridCode, 1, "Reported", "road", true, at);
        await AppendReported(open);
        await AppendReported(closed with { Version = 1, State = "Reported", IsOpen = true });
        Assert.True(await Store.Append(closed.IncidentId, 1, [Event(2, "Closed", "{}", closed.UpdatedAt)], closed));
        await AppendReported(elsewhere);

        var openInGrid = await Store.ReadOpenInGrid(gridCode);

        var only = Assert.Single(openInGrid);
        Assert.Equal(open, only);
        Assert.Equal(ChinaStandardTime, only.UpdatedAt.Offset);
        Assert.Equal([elsewhere], await Store.ReadOpenInGrid(neighbourGridCode));
    }

    [Fact]
    public async Task ManyConcurrentAppendsToDifferentIncidentsAllSucceedAndAreAllStored()
    {
        var gridCode = GridCode(NextDistrict(), 1, 1, 1);
        var at = Now();
        var ids = Enumerable.Range(0, 300).Select(_ => NewId("incident")).ToList();

        var outcomes = await Task.WhenAll(ids.Select(id =>
            Store.Append(id, 0, [Event(1, "Reported", "{}", at)], Projection(id, gridCode, 1, "Reported", "road", true, at))));

        Assert.All(outcomes, Assert.True);
        Assert.Equal(ids.Order(), (await Store.ReadOpenInGrid(gridCode)).Select(projection => projection.IncidentId).Order());
        foreach (var id in ids)
        {
            Assert.Single(await Store.ReadEvents(id));
        }
    }

    [Fact]
    public async Task ReadOpenAssignedToReturnsTheOpenCasesOfThatUnitOnly()
    {
        var district = NextDistrict();
        var gridCode = GridCode(district, 1, 1, 1);
        var at = Now();
        var unit = NewId("unit");
        var assigned = Projection(NewId("incident"), gridCode, 2, "Dispatched", "road", true, at) with { AssignedUnitId = unit };
        var otherUnit = Projection(NewId("incident"), gridCode, 2, "Dispatched", "road", true, at) with { AssignedUnitId = NewId("unit") };
        var unassigned = Projection(NewId("incident"), gridCode, 1, "Reported", "road", true, at);
        foreach (var projection in new[] { assigned, otherUnit })
        {
            Assert.True(await Store.Append(
                projection.IncidentId, 0, [Event(1, "Reported", "{}", at), Event(2, "Dispatched", "{}", at)], projection));
        }

        await AppendReported(unassigned);

        Assert.Equal([assigned], await Store.ReadOpenAssignedTo(unit));

        var closed = assigned with { Version = 3, State = "Closed", IsOpen = false, AssignedUnitId = null };
        Assert.True(await Store.Append(assigned.IncidentId, 2, [Event(3, "Closed", "{}", at)], closed));
        Assert.Empty(await Store.ReadOpenAssignedTo(unit));
    }

    [Fact]
    public async Task ReadReportedByListsOneReportersCasesOpenOrNotMostRecentlyChangedFirstUpToTheLimit()
    {
        var gridCode = GridCode(NextDistrict(), 1, 1, 1);
        var at = Now();
        var reporter = NewId("user");
        var oldest = Projection(NewId("incident"), gridCode, 1, "Reported", "road", true, at) with { ReporterId = reporter };
        var middle = Projection(NewId("incident"), gridCode, 1, "Reported", "road", true, at.AddSeconds(1)) with { ReporterId = reporter };
        var newest = Projection(NewId("incident"), gridCode, 1, "Reported", "road", true, at.AddSeconds(2)) with { ReporterId = reporter };
        var someoneElses = Projection(NewId("incident"), gridCode, 1, "Reported", "road", true, at.AddSeconds(3)) with { ReporterId = NewId("user") };
        foreach (var projection in new[] { oldest, middle, newest, someoneElses })
        {
            await AppendReported(projection);
        }

        Assert.Equal([newest.IncidentId, middle.IncidentId, oldest.IncidentId], (await Store.ReadReportedBy(reporter, 10)).Select(row => row.IncidentId));
        Assert.Equal([newest.IncidentId, middle.IncidentId], (await Store.ReadReportedBy(reporter, 2)).Select(row => row.IncidentId));

        // A later change (here a merge: off the open lists) brings a case to the front; it stays listed.
        var merged = oldest with { Version = 2, State = "Merged", IsOpen = false, UpdatedAt = at.AddSeconds(5) };
        Assert.True(await Store.Append(oldest.IncidentId, 1, [Event(2, "Merge", "{}", merged.UpdatedAt)], merged));
        var rows = await Store.ReadReportedBy(reporter, 10);
        Assert.Equal([oldest.IncidentId, newest.IncidentId, middle.IncidentId], rows.Select(row => row.IncidentId));
        Assert.Equal((2, "Merged", false), (rows[0].Version, rows[0].State, rows[0].IsOpen));
        Assert.Empty(await Store.ReadReportedBy(NewId("user"), 10));
    }

    [Fact]
    public async Task AProjectionOlderThanTheStoredOneIsNotWritten()
    {
        var incidentId = NewId("incident");
        var gridCode = GridCode(NextDistrict(), 1, 1, 1);
        var at = Now();
        var dispatched = Projection(incidentId, gridCode, 2, "Dispatched", "road", true, at);
        Assert.True(await Store.Append(
            incidentId, 0, [Event(1, "Reported", "{}", at), Event(2, "Dispatched", "{}", at)], dispatched));

        var replayed = Projection(incidentId, gridCode, 1, "Reported", "road", true, at);
        Assert.True(await Store.Append(incidentId, 2, [Event(3, "Noted", "{}", at)], replayed));

        Assert.Equal([dispatched], await Store.ReadOpenInGrid(gridCode));
        Assert.Equal(3, (await Store.ReadEvents(incidentId)).Count);
    }

    [Fact]
    public async Task TalliesAreStoredWithTheProjectionAndReadBackByAreaUnitAndReporter()
    {
        var district = NextDistrict();
        var grid = GridCode(district, 1, 1, 1);
        var otherStreetGrid = GridCode(district, 2, 1, 1);
        var unit = NewId("unit");
        var reporter = NewId("user");
        var at = Now();
        var first = Projection(NewId("incident"), grid, 1, "Reported", "road", true, at) with
        {
            TallyJson = """{"case":1}""", AssessedUnitId = unit, ReporterId = reporter,
        };
        var second = Projection(NewId("incident"), otherStreetGrid, 1, "Reported", "road", true, at) with
        {
            TallyJson = """{"case":2}""", AssessedUnitId = NewId("unit"), ReporterId = reporter,
        };
        var withoutTally = Projection(NewId("incident"), grid, 1, "Reported", "road", true, at) with { AssessedUnitId = unit, ReporterId = reporter };
        await AppendReported(first);
        await AppendReported(second);
        await AppendReported(withoutTally);

        Assert.Equal(Sorted([Tally(first), Tally(second)]), await Store.ReadTallies(TallyScope.Area, district));
        Assert.Equal([Tally(first)], await Store.ReadTallies(TallyScope.Area, grid));
        Assert.Equal([Tally(second)], await Store.ReadTallies(TallyScope.Area, district + "002"));
        Assert.Equal([Tally(first)], await Store.ReadTallies(TallyScope.Unit, unit));
        Assert.Equal(Sorted([Tally(first), Tally(second)]), await Store.ReadTallies(TallyScope.Person, reporter));
        Assert.Empty(await Store.ReadTallies(TallyScope.Person, NewId("user")));
    }

    [Fact]
    public async Task ATallyMovesWithItsCaseFromUnitToUnitInTheSameAppend()
    {
        var grid = GridCode(NextDistrict(), 1, 1, 1);
        var firstUnit = NewId("unit");
        var secondUnit = NewId("unit");
        var at = Now();
        var dispatched = Projection(NewId("incident"), grid, 1, "Dispatched", "road", true, at) with
        {
            TallyJson = """{"v":1}""", AssessedUnitId = firstUnit, ReporterId = "gw",
        };
        await AppendReported(dispatched);

        var redispatched = dispatched with { Version = 2, TallyJson = """{"v":2}""", AssessedUnitId = secondUnit };
        Assert.True(await Store.Append(dispatched.IncidentId, 1, [Event(2, "Dispatched", "{}", at)], redispatched));

        Assert.Empty(await Store.ReadTallies(TallyScope.Unit, firstUnit));
        Assert.Equal([new StoredTally(dispatched.IncidentId, 2, """{"v":2}""")], await Store.ReadTallies(TallyScope.Unit, secondUnit));

        var stale = dispatched with { Version = 1, TallyJson = """{"v":0}""" };
        Assert.True(await Store.Append(dispatched.IncidentId, 2, [Event(3, "Noted", "{}", at)], stale));
        Assert.Equal([new StoredTally(dispatched.IncidentId, 2, """{"v":2}""")], await Store.ReadTallies(TallyScope.Area, grid));
    }

    [Fact]
    public async Task ATallyScopeWithAnEmptyKeyOrAnAreaKeyThatIsNotDigitsIsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadTallies(TallyScope.Unit, ""));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadTallies(TallyScope.Area, "5108' OR 1=1"));
    }

    private static StoredTally Tally(IncidentProjection projection) => new(projection.IncidentId, projection.Version, projection.TallyJson!);

    private static StoredTally[] Sorted(IEnumerable<StoredTally> tallies) =>
        tallies.OrderBy(tally => tally.IncidentId, StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task CountUnderGroupsIncidentsByDistrictStreetAndCommunity()
    {
        var district = NextDistrict();
        var neighbourDistrict = NextDistrict();
        var inFirstCommunity = GridCode(district, 1, 1, 1);
        var inSecondCommunity = GridCode(district, 1, 2, 1);
        var inSecondStreet = GridCode(district, 2, 1, 1);
        await AppendReported(Projection(NewId("incident"), inFirstCommunity, 1, "Reported", "road", true, Now()));
        await AppendReported(Projection(NewId("incident"), GridCode(district, 1, 1, 2), 1, "Reported", "road", true, Now()));
        await AppendReported(Projection(NewId("incident"), inFirstCommunity, 1, "Closed", "road", false, Now()));
        await AppendReported(Projection(NewId("incident"), inSecondCommunity, 1, "Reported", "water", true, Now()));
        await AppendReported(Projection(NewId("incident"), inSecondStreet, 1, "Dispatched", "road", true, Now()));
        await AppendReported(Projection(NewId("incident"), GridCode(neighbourDistrict, 1, 1, 1), 1, "Reported", "road", true, Now()));

        var street1 = district + "001";
        var street2 = district + "002";
        Assert.Equal(
            [
                new AreaStateCount(district, "Closed", "road", 1),
                new AreaStateCount(district, "Dispatched", "road", 1),
                new AreaStateCount(district, "Reported", "road", 2),
                new AreaStateCount(district, "Reported", "water", 1),
            ],
            Sorted(await Store.CountUnder(district, 6)));
        Assert.Equal(
            [
                new AreaStateCount(street1, "Closed", "road", 1),
                new AreaStateCount(street1, "Reported", "road", 2),
                new AreaStateCount(street1, "Reported", "water", 1),
                new AreaStateCount(street2, "Dispatched", "road", 1),
            ],
            Sorted(await Store.CountUnder(district, 9)));
        Assert.Equal(
            [
                new AreaStateCount(street1 + "001", "Closed", "road", 1),
                new AreaStateCount(street1 + "001", "Reported", "road", 2),
                new AreaStateCount(street1 + "002", "Reported", "water", 1),
            ],
            Sorted(await Store.CountUnder(street1, 12)));
        Assert.Empty(await Store.CountUnder(street1 + "009", 12));
    }

    [Fact]
    public async Task AnUpsertedReminderReadsBackByNameAndByGrain()
    {
        var serviceId = NewId("service");
        var grainId = NewId("incident");
        var deadline = new ReminderRow(grainId, "dispatch-deadline", 123_456u, new DateTime(2025, 3, 14, 1, 26, 53, DateTimeKind.Utc).AddTicks(9), TimeSpan.FromMinutes(1).Add(TimeSpan.FromTicks(3)));
        var escalation = new ReminderRow(grainId, "escalation", 123_456u, deadline.StartAt.AddHours(1), TimeSpan.FromHours(1));

        var deadlineETag = await Store.UpsertReminder(serviceId, deadline);
        var escalationETag = await Store.UpsertReminder(serviceId, escalation);

        var read = await Store.ReadReminder(serviceId, grainId, "dispatch-deadline");
        Assert.Equal(Stored(deadline, deadlineETag), read);
        Assert.Equal(DateTimeKind.Utc, read!.StartAt.Kind);
        Assert.Equal(
            [Stored(deadline, deadlineETag), Stored(escalation, escalationETag)],
            (await Store.ReadReminders(serviceId, grainId)).OrderBy(row => row.ReminderName, StringComparer.Ordinal));
        Assert.Null(await Store.ReadReminder(serviceId, grainId, "no-such-reminder"));
        Assert.Null(await Store.ReadReminder(NewId("service"), grainId, "dispatch-deadline"));
        Assert.Empty(await Store.ReadReminders(serviceId, NewId("incident")));
    }

    [Fact]
    public async Task UpsertingAReminderAgainReplacesItUnderANewETag()
    {
        var serviceId = NewId("service");
        var original = new ReminderRow(NewId("incident"), "deadline", 7u, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromMinutes(1));
        var originalETag = await Store.UpsertReminder(serviceId, original);

        var moved = original with { StartAt = original.StartAt.AddMinutes(30), Period = TimeSpan.FromMinutes(5) };
        var movedETag = await Store.UpsertReminder(serviceId, moved);

        Assert.NotEqual(originalETag, movedETag);
        Assert.Equal([Stored(moved, movedETag)], await Store.ReadReminders(serviceId, original.GrainId));
    }

    [Fact]
    public async Task AHashRangeExcludesItsBeginIncludesItsEndAndWrapsAroundZero()
    {
        var serviceId = NewId("service");
        var hashes = new uint[] { 10, 1_000, 4_000_000_000, uint.MaxValue };
        foreach (var hash in hashes)
        {
            await Store.UpsertReminder(serviceId, new ReminderRow(NewId("grain"), "tick", hash, DateTime.UnixEpoch, TimeSpan.FromMinutes(1)));
        }

        async Task<uint[]> HashesIn(uint begin, uint end) =>
            [.. (await Store.ReadRemindersInRange(serviceId, begin, end)).Select(row => row.GrainHash).Order()];

        Assert.Equal(new uint[] { 1_000 }, await HashesIn(10, 1_000));
        Assert.Equal(new uint[] { 10, 1_000 }, await HashesIn(9, 1_000));
        Assert.Equal(new uint[] { uint.MaxValue }, await HashesIn(4_000_000_000, uint.MaxValue));
        Assert.Equal(new uint[] { 10, 4_000_000_000, uint.MaxValue }, await HashesIn(1_000, 10));
        Assert.Equal(new uint[] { 10 }, await HashesIn(uint.MaxValue, 10));
        Assert.Equal(hashes, await HashesIn(500, 500));
        Assert.Empty(await Store.ReadRemindersInRange(NewId("service"), 0, 0));
    }

    [Fact]
    public async Task RemovingAReminderTakesItsCurrentETag()
    {
        var serviceId = NewId("service");
        var reminder = new ReminderRow(NewId("incident"), "deadline", 42u, DateTime.UnixEpoch, TimeSpan.FromMinutes(1));
        var staleETag = await Store.UpsertReminder(serviceId, reminder);
        var currentETag = await Store.UpsertReminder(serviceId, reminder);

        Assert.False(await Store.RemoveReminder(serviceId, reminder.GrainId, reminder.ReminderName, staleETag));
        Assert.NotNull(await Store.ReadReminder(serviceId, reminder.GrainId, reminder.ReminderName));

        Assert.True(await Store.RemoveReminder(serviceId, reminder.GrainId, reminder.ReminderName, currentETag));
        Assert.Null(await Store.ReadReminder(serviceId, reminder.GrainId, reminder.ReminderName));
        Assert.False(await Store.RemoveReminder(serviceId, reminder.GrainId, reminder.ReminderName, currentETag));
    }

    [Fact]
    public async Task ClearingTheRemindersOfOneServiceLeavesOtherServicesAlone()
    {
        var clearedService = NewId("service");
        var otherService = NewId("service");
        var reminder = new ReminderRow(NewId("incident"), "deadline", 42u, DateTime.UnixEpoch, TimeSpan.FromMinutes(1));
        await Store.UpsertReminder(clearedService, reminder);
        var otherETag = await Store.UpsertReminder(otherService, reminder);

        await Store.ClearReminders(clearedService);

        Assert.Empty(await Store.ReadRemindersInRange(clearedService, 0, 0));
        Assert.Equal([Stored(reminder, otherETag)], await Store.ReadRemindersInRange(otherService, 0, 0));
    }

    [Fact]
    public async Task DataSurvivesClosingAndReopeningTheStore()
    {
        var grainId = NewId("unit");
        var incidentId = NewId("incident");
        var serviceId = NewId("service");
        var gridCode = GridCode(NextDistrict(), 1, 1, 1);
        var reported = Event(1, "Reported", """{"note":"路灯不亮"}""", Now());
        var projection = Projection(incidentId, gridCode, 1, "Reported", "lighting", true, reported.RecordedAt);
        var reminder = new ReminderRow(incidentId, "deadline", 99u, new DateTime(2025, 5, 5, 5, 5, 5, DateTimeKind.Utc), TimeSpan.FromMinutes(1));
        var stateETag = await Store.WriteGrainState("unit", grainId, [9, 8, 7], null);
        Assert.True(await Store.Append(incidentId, 0, [reported], projection));
        var reminderETag = await Store.UpsertReminder(serviceId, reminder);

        (Store as IDisposable)?.Dispose();
        var reopened = await OpenStore();

        var state = await reopened.ReadGrainState("unit", grainId);
        Assert.NotNull(state);
        Assert.Equal([9, 8, 7], state.Payload);
        Assert.Equal(stateETag, state.ETag);
        Assert.Equal([reported], await reopened.ReadEvents(incidentId));
        Assert.Equal([projection], await reopened.ReadOpenInGrid(gridCode));
        Assert.Equal(Stored(reminder, reminderETag), await reopened.ReadReminder(serviceId, incidentId, "deadline"));
    }

    /// <summary>A fresh database of this dialect at schema version 1, as a build before the audit chain left it; returns how to reach it.</summary>
    protected abstract Task<string> CreateDatabaseAtSchemaVersion1();

    /// <summary>The schema version the dialect migrates to: every migration applied, each once.</summary>
    protected abstract int SchemaVersion { get; }

    /// <summary>A store over that database; not yet initialized.</summary>
    protected abstract IRuleOfLawStore OpenStoreAt(string database);

    /// <summary>One statement against that database, outside any store; parameters are named <c>@name</c>.</summary>
    protected abstract Task<object?> ScalarAt(string database, string sql, params (string Name, object Value)[] parameters);

    /// <summary>Writes events into a schema-1 database in one transaction, with the columns and payloads that build wrote.</summary>
    private async Task InsertVersion1Events(string database, IReadOnlyList<(string IncidentId, IncidentEvent Event)> rows)
    {
        var values = string.Join(",\n", rows.Select((_, index) => $"(@i{index}, @v{index}, @t{index}, @p{index}, @r{index})"));
        var parameters = rows.SelectMany((row, index) => new (string, object)[]
        {
            ($"@i{index}", row.IncidentId),
            ($"@v{index}", row.Event.Version),
            ($"@t{index}", row.Event.Command.ToString()),
            ($"@p{index}", SampleEvents.Version1Payload(row.Event)),
            ($"@r{index}", row.Event.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        });
        await ScalarAt(database, $"INSERT INTO incident_events (incident_id, version, type, payload, recorded_at) VALUES {values}", [.. parameters]);
    }

    private async Task<IRuleOfLawStore> OpenInitializedStoreAt(string database)
    {
        var store = OpenStoreAt(database);
        _opened.Add(store);
        await store.Initialize();
        return store;
    }

    /// <summary>
    /// An event for tests of storage itself: any payload, sealed with well-formed hashes that chain by
    /// version (the store checks a seal's form and links, never its content; that is the audit's job).
    /// </summary>
    protected static StoredEvent Event(int version, string type, string payload, DateTimeOffset recordedAt) =>
        new(version, type, payload, recordedAt, FakeSeal(version - 1), FakeSeal(version));

    private static string FakeSeal(int version) =>
        version == 0 ? AuditChain.Genesis : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(version)));

    private async Task<IRuleOfLawStore> OpenStore()
    {
        var store = openStore();
        _opened.Add(store);
        await store.Initialize();
        return store;
    }

    private async Task AppendReported(IncidentProjection projection) =>
        Assert.True(await Store.Append(
            projection.IncidentId,
            0,
            [Event(1, "Reported", "{}", projection.UpdatedAt)],
            projection with { Version = 1 }));

    /// <summary>Starts every attempt on its own thread-pool thread at once, so they really contend.</summary>
    private static async Task<T[]> RaceAsync<T>(int attempts, Func<int, Task<T>> attempt)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, attempts)
            .Select(index => Task.Run(async () =>
            {
                await start.Task;
                return await attempt(index);
            }))
            .ToArray();
        start.SetResult();
        return await Task.WhenAll(racers);
    }

    private static string NewId(string kind) => $"{kind}-{Guid.NewGuid():N}";

    private static string NextDistrict() => Interlocked.Increment(ref _lastDistrict).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private static string GridCode(string district, int street, int community, int grid) =>
        FormattableString.Invariant($"{district}{street:D3}{community:D3}{grid:D3}");

    private static DateTimeOffset Now() => DateTimeOffset.UtcNow.ToOffset(ChinaStandardTime);

    private static IncidentProjection Projection(
        string incidentId,
        string gridCode,
        int version,
        string state,
        string category,
        bool isOpen,
        DateTimeOffset updatedAt) =>
        new(incidentId, gridCode, version, state, category, isOpen, $$"""{"id":"{{incidentId}}","state":"{{state}}"}""", updatedAt);

    private static StoredReminder Stored(ReminderRow row, string eTag) =>
        new(row.GrainId, row.ReminderName, row.GrainHash, row.StartAt, row.Period, eTag);

    private static AreaStateCount[] Sorted(IEnumerable<AreaStateCount> counts) =>
    [
        .. counts
            .OrderBy(count => count.AreaCode, StringComparer.Ordinal)
            .ThenBy(count => count.State, StringComparer.Ordinal)
            .ThenBy(count => count.Category, StringComparer.Ordinal),
    ];
}
