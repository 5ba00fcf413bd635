namespace RuleOfLaw.Bench.Load;

/// <summary>
/// Deterministic seeds for per-item random generators. <see cref="HashCode"/> is randomised per
/// process, so it cannot make "same --seed, same load" true across runs; this mix (SplitMix64's
/// finaliser) can.
/// </summary>
public static class Seeds
{
    public static int For(int seed, int salt, long sequence)
    {
        var x = unchecked(((ulong)(uint)seed << 32) ^ ((ulong)(uint)salt * 0x9E3779B97F4A7C15UL) ^ (ulong)sequence);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return unchecked((int)(x ^ (x >> 31)));
    }
}
