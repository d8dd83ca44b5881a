using System.Security.Cryptography.X509Certificates;

namespace Ja4Data.Core;

/// <summary>Chain policy that trusts the configured CA (instead of the OS store) while still validating the chain.</summary>
internal static class TlsTrust
{
    public static X509ChainPolicy CustomRootPolicy(string caPemPath)
    {
        X509Certificate2Collection roots;
        try
        {
            roots = [];
            roots.ImportFromPemFile(caPemPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ClickHouseConfigurationException($"CLICKHOUSE_TLS_CA_FILE ('{caPemPath}') cannot be read as PEM certificates: {ex.Message}", ex);
        }

        if (roots.Count == 0)
        {
            throw new ClickHouseConfigurationException($"CLICKHOUSE_TLS_CA_FILE ('{caPemPath}') contains no certificate.");
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }
}
