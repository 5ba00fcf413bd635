using System.Buffers.Binary;
using System.Text;

namespace RuleOfLaw.Grains.Photos;

/// <summary>The image types a photo may be; anything else is refused.</summary>
public enum PhotoType
{
    Jpeg,
    Png,
    WebP,
}

/// <summary>
/// What a photo is, read from its bytes (never from the name or the header the client sent), and
/// the same photo without the metadata that can carry where it was taken: EXIF (GPS), XMP and IPTC.
/// Pixels and what decoders need are copied byte for byte. Pure: the photo grain stores only what
/// this returns, so nobody but the phone that took it ever holds the location.
/// </summary>
public static class PhotoFormats
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static string ContentType(PhotoType type) => type switch
    {
        PhotoType.Jpeg => "image/jpeg",
        PhotoType.Png => "image/png",
        _ => "image/webp",
    };

    /// <summary>The type the bytes are, or null when they are none of the accepted ones.</summary>
    public static PhotoType? Detect(ReadOnlySpan<byte> data) =>
        data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF ? PhotoType.Jpeg
        : data.StartsWith(PngSignature) ? PhotoType.Png
        : data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8) ? PhotoType.WebP
        : null;

    /// <summary>The photo without location-bearing metadata; null when its structure is broken (refused as not an image).</summary>
    public static byte[]? WithoutLocation(byte[] data, PhotoType type) => type switch
    {
        PhotoType.Jpeg => Jpeg(data),
        PhotoType.Png => Png(data),
        _ => WebP(data),
    };

    /// <summary>
    /// Walks the marker segments up to the start of scan, dropping APP1 (EXIF, XMP) and APP13
    /// (IPTC); the entropy-coded scan and everything after it is copied as it is.
    /// </summary>
    private static byte[]? Jpeg(byte[] data)
    {
        using var output = new MemoryStream(data.Length);
        output.Write(data, 0, 2);
        var position = 2;
        while (position + 4 <= data.Length)
        {
            if (data[position] != 0xFF)
            {
                return null;
            }

            var marker = data[position + 1];
            if (marker == 0xFF)
            {
                // Fill bytes before a marker are allowed.
                position++;
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                output.Write(data, position, 2);
                position += 2;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(position + 2));
            if (length < 2 || position + 2 + length > data.Length)
            {
                return null;
            }

            if (marker == 0xDA)
            {
                output.Write(data, position, data.Length - position);
                return output.ToArray();
            }

            if (marker is not (0xE1 or 0xED))
            {
                output.Write(data, position, 2 + length);
            }

            position += 2 + length;
        }

        return null;
    }

    /// <summary>Copies the chunks, dropping eXIf and the text chunks (tEXt, zTXt, iTXt: XMP lives there).</summary>
    private static byte[]? Png(byte[] data)
    {
        using var output = new MemoryStream(data.Length);
        output.Write(PngSignature);
        var position = PngSignature.Length;
        while (position + 12 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(position));
            if (length > int.MaxValue || position + 12 + (long)length > data.Length)
            {
                return null;
            }

            var type = Encoding.ASCII.GetString(data, position + 4, 4);
            var size = 12 + (int)length;
            if (type is not ("eXIf" or "tEXt" or "zTXt" or "iTXt"))
            {
                output.Write(data, position, size);
            }

            position += size;
            if (type == "IEND")
            {
                return output.ToArray();
            }
        }

        return null;
    }

    /// <summary>Copies the RIFF chunks, dropping EXIF and XMP, clearing their flags in VP8X and fixing the RIFF size.</summary>
    private static byte[]? WebP(byte[] data)
    {
        using var output = new MemoryStream(data.Length);
        output.Write(data, 0, 12);
        var position = 12;
        while (position + 8 <= data.Length)
        {
            var type = Encoding.ASCII.GetString(data, position, 4);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(position + 4));
            var size = 8 + (long)length + (length % 2);
            if (position + 8 + (long)length > data.Length)
            {
                return null;
            }

            var copied = (int)Math.Min(size, data.Length - position);
            if (type == "VP8X" && length >= 10)
            {
                var chunk = data.AsSpan(position, copied).ToArray();

                // Flags byte: bit 3 EXIF, bit 2 XMP metadata present.
                chunk[8] &= 0b1111_0011;
                output.Write(chunk);
            }
            else if (type is not ("EXIF" or "XMP "))
            {
                output.Write(data, position, copied);
            }

            position += copied;
        }

        if (position != data.Length)
        {
            return null;
        }

        var result = output.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)(result.Length - 8));
        return result;
    }
}
