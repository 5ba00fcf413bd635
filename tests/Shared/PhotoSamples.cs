using System.Buffers.Binary;
using System.Text;

namespace RuleOfLaw.Tests.Shared;

/// <summary>Small, structurally real image files with location metadata in each format's usual place.</summary>
public static class PhotoSamples
{
    public const string Gps = "GPSLatitude 32.4312 N GPSLongitude 105.8412 E";

    /// <summary>SOI, JFIF APP0, EXIF APP1 with GPS, XMP APP1, a quantisation table, start of scan, scan data, EOI.</summary>
    public static byte[] Jpeg()
    {
        var bytes = new List<byte> { 0xFF, 0xD8 };
        Segment(bytes, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        Segment(bytes, 0xE1, [.. "Exif\0\0"u8, .. Encoding.ASCII.GetBytes(Gps)]);
        Segment(bytes, 0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. Encoding.ASCII.GetBytes($"<x:xmpmeta>{Gps}</x:xmpmeta>")]);
        Segment(bytes, 0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);
        Segment(bytes, 0xDA, [1, 1, 0, 0, 63, 0]);
        bytes.AddRange([0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]);
        return [.. bytes];
    }

    /// <summary>Signature, IHDR, an eXIf chunk with GPS, an iTXt XMP chunk, IDAT, IEND.</summary>
    public static byte[] Png()
    {
        var bytes = new List<byte> { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A };
        Chunk(bytes, "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
        Chunk(bytes, "eXIf", Encoding.ASCII.GetBytes(Gps));
        Chunk(bytes, "iTXt", Encoding.ASCII.GetBytes($"XML:com.adobe.xmp\0\0\0\0\0{Gps}"));
        Chunk(bytes, "IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00]);
        Chunk(bytes, "IEND", []);
        return [.. bytes];
    }

    /// <summary>RIFF/WEBP with VP8X (EXIF and XMP flags set), VP8L image data, EXIF and XMP chunks.</summary>
    public static byte[] WebP()
    {
        var chunks = new List<byte>();
        RiffChunk(chunks, "VP8X", [0b0000_1100, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        RiffChunk(chunks, "VP8L", [0x2F, 0, 0, 0, 0x10]);
        RiffChunk(chunks, "EXIF", Encoding.ASCII.GetBytes(Gps));
        RiffChunk(chunks, "XMP ", Encoding.ASCII.GetBytes($"<x:xmpmeta>{Gps}</x:xmpmeta>"));
        var bytes = new List<byte>([.. "RIFF"u8]);
        bytes.AddRange(LittleEndian(4 + chunks.Count));
        bytes.AddRange("WEBP"u8.ToArray());
        bytes.AddRange(chunks);
        return [.. bytes];
    }

    public static bool Contains(byte[] haystack, string text) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(text)) >= 0;

    private static void Segment(List<byte> bytes, byte marker, byte[] payload)
    {
        bytes.AddRange([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
        bytes.AddRange(payload);
    }

    private static void Chunk(List<byte> bytes, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        bytes.AddRange(length);
        bytes.AddRange(Encoding.ASCII.GetBytes(type));
        bytes.AddRange(data);
        bytes.AddRange([0, 0, 0, 0]);
    }

    private static void RiffChunk(List<byte> bytes, string type, byte[] data)
    {
        bytes.AddRange(Encoding.ASCII.GetBytes(type));
        bytes.AddRange(LittleEndian(data.Length));
        bytes.AddRange(data);
        if (data.Length % 2 == 1)
        {
            bytes.Add(0);
        }
    }

    private static byte[] LittleEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)value);
        return bytes;
    }
}
