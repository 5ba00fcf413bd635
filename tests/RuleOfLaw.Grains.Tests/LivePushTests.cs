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
        var relays = fixture.Cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<RecordingRelay>()).ToList();
        var id = Guid.CreateVersion7().ToString();
        await fixture.Grains.GetGrain<IIncidentGrain>(id).Report(fixture.Report(fixture.Grid(20)), DateTimeOffset.UtcNow);

        for (var i = 0; i < relays.Count; i++)
        {
            var delta = await ClusterFixture.Within(relays[i].WaitFor(id, version: 1), $"delta {id} v1 at the relay of silo {i}");
            Assert.Equal(IncidentState.Reported, delta.Summary.State);
            Assert.Equal(fixture.Grid(20), delta.Summary.GridCode);
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
}
