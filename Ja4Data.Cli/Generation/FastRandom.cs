namespace Ja4Data.Cli.Generation;

/// <summary>
/// SplitMix64: a tiny, allocation-free, seedable generator. A batch seeded from (run seed, batch index) yields the
/// same rows whichever worker generates it, so runs are reproducible and peers can be fed identical data.
/// </summary>
internal struct FastRandom(ulong seed)
{
    private ulong _state = seed;

    public static FastRandom ForBatch(ulong seed, long batchIndex) => new(Mix(seed ^ Mix((ulong)batchIndex + 0x632BE59BD9B4E019UL)));

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>).</summary>
    public int Next(int bound) => (int)((NextUInt64() >> 32) * (ulong)bound >> 32);

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (Box-Muller; one of the pair is dropped, which keeps the struct stateless beyond the seed).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
