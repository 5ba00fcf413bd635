using System.Text;
using Orleans.Storage;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Silo.Storage;

namespace RuleOfLaw.Silo.Hosting;

/// <summary>
/// The area model lives in the store as one document. The first start of a fresh data folder
/// generates the demo district (deterministic: same seed, same data) and stores it; every later
/// start loads what was stored, so an administrator's future edits survive restarts.
/// </summary>
public sealed partial class AreaModelSeeder
{
    public const string StateName = "system";
    public const string DocumentId = "area-model";

    public static AreaDirectory LoadOrSeed(IRuleOfLawStore store, ILogger<AreaModelSeeder> logger)
    {
        // Runs once, as the DI factory of the singleton, during silo start (ReferenceDataLoader),
        // after the store's schema exists; blocking there holds up nothing but start-up.
        return LoadOrSeedAsync(store, logger).GetAwaiter().GetResult();
    }

    private static async Task<AreaDirectory> LoadOrSeedAsync(IRuleOfLawStore store, ILogger<AreaModelSeeder> logger)
    {
        var stored = await store.ReadGrainState(StateName, DocumentId, CancellationToken.None);
        if (stored is not null)
        {
            return new AreaDirectory(AreaModelJson.Deserialize(Encoding.UTF8.GetString(stored.Payload)));
        }

        var model = DemoDistrictGenerator.Generate();
        try
        {
            await store.WriteGrainState(StateName, DocumentId, Encoding.UTF8.GetBytes(AreaModelJson.Serialize(model)), null, CancellationToken.None);
            LogSeeded(logger, model.DistrictCode, model.Areas.Count, model.Workers.Count);
            return new AreaDirectory(model);
        }
        catch (InconsistentStateException)
        {
            // Another node seeded first: use what it stored.
            var winner = await store.ReadGrainState(StateName, DocumentId, CancellationToken.None)
                ?? throw new InvalidOperationException("The area model vanished while seeding.");
            return new AreaDirectory(AreaModelJson.Deserialize(Encoding.UTF8.GetString(winner.Payload)));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo district {DistrictCode}: {AreaCount} areas, {WorkerCount} grid workers")]
    private static partial void LogSeeded(ILogger logger, string districtCode, int areaCount, int workerCount);
}
