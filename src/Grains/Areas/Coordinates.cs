using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Grains.Areas;

/// <summary>The WGS84 ranges every point people send must fall in, and what they are told when it does not.</summary>
public static class Coordinates
{
    public static LocalizedText LongitudeOutOfRange { get; } =
        Text.Of("经度须为 -180 到 180 之间的数。", "Longitude must be a number from -180 to 180.");

    public static LocalizedText LatitudeOutOfRange { get; } =
        Text.Of("纬度须为 -90 到 90 之间的数。", "Latitude must be a number from -90 to 90.");

    public static bool IsLongitude(double value) => double.IsFinite(value) && value is >= -180 and <= 180;

    public static bool IsLatitude(double value) => double.IsFinite(value) && value is >= -90 and <= 90;
}
