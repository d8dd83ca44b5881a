namespace Ja4Data.Cli.Generation;

/// <summary>
/// Generates realistic JA4 HTTP logs batch by batch. Row <c>i</c> of a run depends only on the seed, the run's
/// time window and <c>i</c>'s batch, so any worker can produce any batch and every run with the same options produces
/// the same rows. Timestamps spread evenly over the window, in row order.
/// </summary>
internal sealed class HttpLogGenerator
{
    private readonly HttpLogVocabulary _vocabulary;
    private readonly ulong _seed;
    private readonly long _startMs;
    private readonly double _msPerRow;

    /// <param name="seed">Run seed.</param>
    /// <param name="startUnixMs">Timestamp of the first row.</param>
    /// <param name="window">Time the rows cover.</param>
    /// <param name="totalRows">Rows in the whole run (spaces the timestamps).</param>
    /// <param name="vocabulary">The world to draw from; <see cref="HttpLogVocabulary.Default"/> when null.</param>
    public HttpLogGenerator(ulong seed, long startUnixMs, TimeSpan window, long totalRows, HttpLogVocabulary? vocabulary = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalRows, 1);
        _vocabulary = vocabulary ?? HttpLogVocabulary.Default;
        _seed = seed;
        _startMs = startUnixMs;
        _msPerRow = window.TotalMilliseconds / totalRows;
    }

    /// <summary>
    /// Fills <paramref name="batch"/> with rows [<paramref name="firstRow"/>, <paramref name="firstRow"/> +
    /// <paramref name="count"/>). <paramref name="batchIndex"/> seeds the randomness; batches of a run must use distinct
    /// indexes (any fixed numbering, e.g. firstRow / batch size).
    /// </summary>
    public void Fill(HttpLogBatch batch, long batchIndex, long firstRow, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, batch.Capacity);
        var random = FastRandom.ForBatch(_seed, batchIndex);
        var v = _vocabulary;
        for (var i = 0; i < count; i++)
        {
            var profileIndex = v.ProfilePicker.Pick(ref random);
            var profile = v.Profiles[profileIndex];
            var host = v.Hosts[v.HostPickers[(int)profile.Behavior].Pick(ref random)];
            var method = PickMethod(profile.Behavior, host.Kind, ref random);
            var status = PickStatus(profile.Behavior, host, method, ref random);

            batch.TimestampMs[i] = (ulong)(_startMs + (long)((firstRow + i) * _msPerRow)) + (ulong)random.Next(50);
            batch.SourceIp[i] = PickAddress(profile.Behavior, ref random);
            batch.SourcePort[i] = (ushort)random.Next(1024, 65536);
            batch.Host[i] = host.Name;
            batch.Method[i] = HttpLogVocabulary.Methods[method];
            batch.Path[i] = PickPath(profile.Behavior, host, ref random);
            batch.Status[i] = status;
            batch.Ja4[i] = profile.Ja4;
            batch.Ja4H[i] = v.Ja4H[profileIndex][method];
            batch.UserAgent[i] = profile.UserAgents.Count == 1 ? profile.UserAgents[0] : profile.UserAgents[random.Next(profile.UserAgents.Count)];
            batch.Bytes[i] = ResponseBytes(host, method, status, ref random);
            batch.LatencyMs[i] = Latency(host, status, ref random);
        }

        batch.Count = count;
        batch.FirstRow = firstRow;
    }

    private const int Get = 0;
    private const int Post = 1;
    private const int Put = 2;
    private const int Delete = 3;
    private const int Head = 4;

    private static int PickMethod(ClientBehavior behavior, SiteKind kind, ref FastRandom random)
    {
        var roll = random.Next(100);
        return (behavior, kind) switch
        {
            (ClientBehavior.CredentialStuffer, _) => Post,
            (ClientBehavior.Scanner, _) => roll < 90 ? Get : roll < 95 ? Head : Post,
            (_, SiteKind.Api) => roll < 70 ? Get : roll < 92 ? Post : roll < 97 ? Put : Delete,
            (_, SiteKind.Login) => roll < 55 ? Get : Post,
            (_, SiteKind.Cdn) => roll < 98 ? Get : Head,
            _ => roll < 96 ? Get : Post,
        };
    }

    private static ushort PickStatus(ClientBehavior behavior, SiteHost host, int method, ref FastRandom random)
    {
        var roll = random.NextDouble();
        switch (behavior)
        {
            case ClientBehavior.Scanner:
                return roll < 0.85 ? (ushort)404 : roll < 0.95 ? (ushort)403 : (ushort)200;
            case ClientBehavior.CredentialStuffer:
                return roll < 0.75 ? (ushort)401 : roll < 0.9 ? (ushort)429 : (ushort)200;
        }

        if (roll < host.ServerErrorRate)
        {
            return (ushort)(random.Next(4) switch { 0 => 500, 1 => 502, 2 => 503, _ => 504 });
        }

        roll = random.NextDouble();
        if (roll < 0.03)
        {
            return roll < 0.02 ? (ushort)404 : roll < 0.025 ? (ushort)400 : host.Kind is SiteKind.Api or SiteKind.Login ? (ushort)401 : (ushort)403;
        }

        if (method == Get && roll < (host.Kind == SiteKind.Cdn ? 0.25 : 0.1))
        {
            return host.Kind == SiteKind.Web && roll < 0.04 ? (ushort)302 : (ushort)304;
        }

        return method switch
        {
            Post when host.Kind == SiteKind.Api => 201,
            Delete => 204,
            _ => 200,
        };
    }

    private string PickAddress(ClientBehavior behavior, ref FastRandom random)
    {
        var v = _vocabulary;
        return behavior switch
        {
            ClientBehavior.CredentialStuffer => v.StufferAddresses[random.Next(v.StufferAddresses.Length)],
            ClientBehavior.Scanner => v.ScannerAddresses[random.Next(v.ScannerAddresses.Length)],
            _ => v.SharedAddressPool[v.SharedAddressPicker.Pick(ref random)],
        };
    }

    private string PickPath(ClientBehavior behavior, SiteHost host, ref FastRandom random)
    {
        switch (behavior)
        {
            case ClientBehavior.Scanner:
                return HttpLogVocabulary.ScannerPaths[random.Next(HttpLogVocabulary.ScannerPaths.Count)];
            case ClientBehavior.CredentialStuffer:
                return host.Paths[random.Next(2)];
        }

        var rank = _vocabulary.PathPicker.Pick(ref random);
        return host.Paths[rank % host.Paths.Count];
    }

    private static ulong ResponseBytes(SiteHost host, int method, ushort status, ref FastRandom random)
    {
        if (method == Head || status is 204 or 304)
        {
            return 0;
        }

        var median = status >= 300 ? 350 : host.BytesMedian;
        return (ulong)Math.Min(median * Math.Exp(random.NextGaussian()), 50_000_000);
    }

    private static double Latency(SiteHost host, ushort status, ref FastRandom random)
    {
        var factor = status >= 500 ? 4.0 : status == 304 ? 0.5 : 1.0;
        var value = host.LatencyMedianMs * factor * Math.Exp(0.6 * random.NextGaussian());
        return Math.Round(Math.Min(value, 60_000), 3);
    }
}
