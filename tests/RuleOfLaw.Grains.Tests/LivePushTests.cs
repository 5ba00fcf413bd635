using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using RuleOfLaw.Grains.Assessment;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Live;

namespace RuleOfLaw.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class LivePushTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AChangeOnAnySiloReachesTheRelayOfEverySilo()
    {
        var relays = new List<RecordingRelay>();
        var references = new List<(IGrainFactory Factory, ILiveRelay Reference, SiloAddress Silo)>();
        foreach (var silo in fixture.Cluster.Silos)
        {
            // Observers created inside a silo host, as the node's relay is (environment.md: external-client observers time out).
            var factory = silo.ServiceProvider.GetRequiredService<IGrainFactory>();
            var relay = new RecordingRelay();
            var reference = factory.CreateObjectReference<ILiveRelay>(relay);
            await factory.GetGrain<IRelayDirectoryGrain>(0).Register(silo.SiloAddress, reference);
            relays.Add(relay);
            references.Add((factory, reference, silo.SiloAddress));
        }

        try
        {
            var id = Guid.CreateVersion7().ToString();
            await fixture.Grains.GetGrain<IIncidentGrain>(id).Report(fixture.Report(fixture.Grid(20)), DateTimeOffset.UtcNow);

            for (var i = 0; i < relays.Count; i++)
            {
                var delta = await ClusterFixture.Within(relays[i].WaitFor(id, version: 1), $"delta {id} v1 at the relay of silo {i}");
                Assert.Equal(IncidentState.Reported, delta.Summary.State);
                Assert.Equal(fixture.Grid(20), delta.Summary.GridCode);
            }
        }
        finally
        {
            foreach (var (factory, reference, silo) in references)
            {
                await factory.GetGrain<IRelayDirectoryGrain>(0).Unregister(silo);
                factory.DeleteObjectReference<ILiveRelay>(reference);
            }
        }
    }

    [Fact]
    public async Task TheProjectsMeterCountsAcknowledgedReportsAndTransitions()
    {
        var reports = 0L;
        var transitions = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RuleOfLawMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "ruleoflaw.reports.acknowledged")
            {
                Interlocked.Add(ref reports, value);
            }
            else if (instrument.Name == "ruleoflaw.incident.transitions")
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "command")
                    {
                        transitions.AddOrUpdate((string)tag.Value!, value, (_, held) => held + value);
                    }
                }
            }
        });
        listener.Start();

        var grain = fixture.Grains.GetGrain<IIncidentGrain>(Guid.CreateVersion7().ToString());
        await grain.Report(fixture.Report(fixture.Grid(21)), DateTimeOffset.UtcNow);
        await grain.Execute(new StepCommand(CommandKind.Forward, ClusterFixture.As(Actors.Role.Intake), null, []), DateTimeOffset.UtcNow);

        Assert.Equal(1, Interlocked.Read(ref reports));
        Assert.Equal(1, transitions.GetValueOrDefault(nameof(CommandKind.Report)));
        Assert.Equal(1, transitions.GetValueOrDefault(nameof(CommandKind.Forward)));
    }

    /// <summary>A relay that records every delta and lets a test await one by id and version.</summary>
    private sealed class RecordingRelay : ILiveRelay
    {
        private readonly ConcurrentDictionary<(string, int), TaskCompletionSource<IncidentDelta>> _awaited = new();

        public Task Deliver(IReadOnlyList<IncidentDelta> batch)
        {
            foreach (var delta in batch)
            {
                Signal(delta.IncidentId, delta.Version).TrySetResult(delta);
            }

            return Task.CompletedTask;
        }

        public Task DeliverAssessments(IReadOnlyList<AssessmentUpdate> batch) => Task.CompletedTask;

        public Task<IncidentDelta> WaitFor(string incidentId, int version) => Signal(incidentId, version).Task;

        private TaskCompletionSource<IncidentDelta> Signal(string incidentId, int version) =>
            _awaited.GetOrAdd((incidentId, version), _ => new TaskCompletionSource<IncidentDelta>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
