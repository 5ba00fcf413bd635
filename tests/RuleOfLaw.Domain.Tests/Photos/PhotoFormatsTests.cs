using System.Buffers.Binary;
using RuleOfLaw.Grains.Photos;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Domain.Tests.Photos;

public sealed class PhotoFormatsTests
{
    [Fact]
    public void TheTypeIsReadFromTheBytesAndAnythingElseIsRefused()
    {
        Assert.Equal(PhotoType.Jpeg, PhotoFormats.Detect(PhotoSamples.Jpeg()));
        Assert.Equal(PhotoType.Png, PhotoFormats.Detect(PhotoSamples.Png()));
        Assert.Equal(PhotoType.WebP, PhotoFormats.Detect(PhotoSamples.WebP()));
        Assert.Null(PhotoFormats.Detect("GIF89a......"u8));
        Assert.Null(PhotoFormats.Detect("<svg xmlns='http://www.w3.org/2000/svg'/>"u8));
        Assert.Null(PhotoFormats.Detect([]));
    }

    [Fact]
    public void AJpegLosesItsExifAndXmpAndKeepsEverythingElseByteForByte()
    {
        var original = PhotoSamples.Jpeg();

        var stripped = PhotoFormats.WithoutLocation(original, PhotoType.Jpeg)!;

        Assert.False(PhotoSamples.Contains(stripped, "GPS"));
        Assert.False(PhotoSamples.Contains(stripped, "Exif"));
        Assert.True(PhotoSamples.Contains(stripped, "JFIF"));
        var scan = original.AsSpan().IndexOf(new byte[] { 0xFF, 0xDA });
        Assert.True(original.AsSpan(scan).SequenceEqual(stripped.AsSpan(stripped.AsSpan().IndexOf(new byte[] { 0xFF, 0xDA }))));
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, stripped[..2]);
    }

    [Fact]
    public void APngLosesItsExifAndTextChunks()
    {
        var stripped = PhotoFormats.WithoutLocation(PhotoSamples.Png(), PhotoType.Png)!;

        Assert.False(PhotoSamples.Contains(stripped, "GPS"));
        Assert.True(PhotoSamples.Contains(stripped, "IHDR") && PhotoSamples.Contains(stripped, "IDAT") && PhotoSamples.Contains(stripped, "IEND"));
    }

    [Fact]
    public void AWebPLosesItsExifAndXmpChunksTheirFlagsAndKeepsAConsistentSize()
    {
        var stripped = PhotoFormats.WithoutLocation(PhotoSamples.WebP(), PhotoType.WebP)!;

        Assert.False(PhotoSamples.Contains(stripped, "GPS"));
        Assert.Equal(stripped.Length - 8, (int)BinaryPrimitives.ReadUInt32LittleEndian(stripped.AsSpan(4)));
        Assert.Equal(0, stripped[20] & 0b0000_1100);
        Assert.True(PhotoSamples.Contains(stripped, "VP8L"));
    }

    [Fact]
    public void ATruncatedFileIsNotAnImage()
    {
        var jpeg = PhotoSamples.Jpeg();
        var png = PhotoSamples.Png();

        Assert.Null(PhotoFormats.WithoutLocation(jpeg[..30], PhotoType.Jpeg));
        Assert.Null(PhotoFormats.WithoutLocation(png[..(png.Length - 12)], PhotoType.Png));
        Assert.Null(PhotoFormats.WithoutLocation(PhotoSamples.WebP()[..25], PhotoType.WebP));
    }
}
