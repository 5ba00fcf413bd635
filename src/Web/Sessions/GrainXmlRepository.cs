using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using RuleOfLaw.Grains.Sessions;

namespace RuleOfLaw.Web.Sessions;

/// <summary>
/// ASP.NET Core Data Protection's key ring in the project's store (through <see cref="IKeyRingGrain"/>)
/// rather than on a node's disk, so a cookie issued by one node is read by every other, and by
/// itself after a restart. Data Protection calls this rarely (it caches the ring for hours), and
/// from request threads, never from a grain's, so waiting on the grain here is safe.
/// </summary>
public sealed class GrainXmlRepository(IGrainFactory grains) : IXmlRepository
{
    private IKeyRingGrain Ring => grains.GetGrain<IKeyRingGrain>(IKeyRingGrain.Key);

    public IReadOnlyCollection<XElement> GetAllElements() =>
        Ring.Elements().GetAwaiter().GetResult().Select(xml => XElement.Parse(xml)).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        Ring.Store(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
}
