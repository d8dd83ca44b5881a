using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Ja4Data.Core;

/// <summary>
/// What a TLS client trusts: the host name is always checked; the chain is validated against the operating system's
/// store, or, when CLICKHOUSE_TLS_CA_FILE is set, against the CA certificates of that file <em>instead</em> (a custom
/// root store: a private deployment's CA, and no public CA, vouches for the server); revocation is checked as
/// CLICKHOUSE_TLS_CHECK_REVOCATION says (not at all by default).
/// </summary>
internal static class TlsTrust
{
    /// <summary>The handshake options for <paramref name="settings"/>; <paramref name="check"/> records why a certificate was rejected.</summary>
    public static SslClientAuthenticationOptions ClientOptions(ClickHouseSettings settings, TlsCertificateCheck check)
    {
        var revocation = settings.TlsCheckRevocation switch
        {
            ClickHouseTlsRevocationCheck.Online => X509RevocationMode.Online,
            ClickHouseTlsRevocationCheck.Offline => X509RevocationMode.Offline,
            _ => X509RevocationMode.NoCheck,
        };
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = settings.Host,
            EnabledSslProtocols = SslProtocols.None, // let the OS pick the best it has (TLS 1.2/1.3)
            CertificateRevocationCheckMode = revocation,
            RemoteCertificateValidationCallback = check.Record,
        };
        if (settings.TlsCaCertificatePath is { } caPath)
        {
            // With a chain policy the handshake validates by the policy alone, so it carries the revocation mode too.
            options.CertificateChainPolicy = CustomRootPolicy(caPath, revocation);
        }

        return options;
    }

    private static X509ChainPolicy CustomRootPolicy(string caPemPath, X509RevocationMode revocation)
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
            RevocationMode = revocation,
        };
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }
}

/// <summary>
/// Records, during one handshake, why the server's certificate was rejected, so the error can say it in words (the
/// platform's own message only says "the remote certificate is invalid"). The validation itself stays the platform's:
/// a certificate is accepted exactly when the platform found no error.
/// </summary>
internal sealed class TlsCertificateCheck
{
    private const X509ChainStatusFlags RevocationUnknown = X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;

    public SslPolicyErrors Errors { get; private set; }

    /// <summary>The chain's problems, e.g. <c>UntrustedRoot</c>, <c>RevocationStatusUnknown</c>.</summary>
    public X509ChainStatusFlags ChainProblems { get; private set; }

    /// <summary>The DNS names and IP addresses the server certificate is issued for.</summary>
    public string CertificateNames { get; private set; } = string.Empty;

    public bool Record(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        Errors = errors;
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (chain is not null)
        {
            ChainProblems = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, status) => all | status.Status);
        }

        if (certificate is X509Certificate2 server)
        {
            CertificateNames = NamesOf(server);
        }

        return false;
    }

    /// <summary>Why the certificate was rejected and what to do, for <paramref name="settings"/>.</summary>
    public string Describe(ClickHouseSettings settings)
    {
        var reasons = new List<string>();
        if (Errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            reasons.Add("the server sent no certificate");
        }

        if (Errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add($"the server certificate is not valid for the host name '{settings.Host}' (it is issued for {CertificateNames}): "
                + "connect with one of those names, or have the certificate issued for this one");
        }

        if (Errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var mode = settings.TlsCheckRevocation.ToString().ToLowerInvariant();
            if (ChainProblems.HasFlag(X509ChainStatusFlags.Revoked))
            {
                reasons.Add("the server certificate (or a CA above it) is revoked");
            }
            else if (ChainProblems != X509ChainStatusFlags.NoError && (ChainProblems & ~RevocationUnknown) == X509ChainStatusFlags.NoError)
            {
                reasons.Add($"the revocation status of the server certificate's chain cannot be learned ({ChainProblems}), and "
                    + $"CLICKHOUSE_TLS_CHECK_REVOCATION is {mode}, which rejects it: make the CA's CRL or OCSP address reachable, or set it to none");
            }
            else
            {
                var trust = settings.TlsCaCertificatePath is { } ca
                    ? $"it must chain to a CA certificate in CLICKHOUSE_TLS_CA_FILE ('{ca}'), which replaces the system's trusted roots"
                    : "it must chain to a root the operating system trusts; for a privately signed server set CLICKHOUSE_TLS_CA_FILE to the PEM file of its CA";
                reasons.Add($"the server certificate's chain is not valid ({ChainProblems}): {trust}");
            }
        }

        return string.Join("; ", reasons) + ".";
    }

    private static string NamesOf(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension alternative)
            {
                names.AddRange(alternative.EnumerateDnsNames());
                names.AddRange(alternative.EnumerateIPAddresses().Select(a => a.ToString()));
            }
        }

        return names.Count > 0 ? string.Join(", ", names) : $"no alternative name; subject {certificate.Subject}";
    }
}

/// <summary>The server certificate was rejected by the client; the message says why (<see cref="TlsCertificateCheck.Describe"/>).</summary>
internal sealed class TlsCertificateRejectedException(string message, Exception innerException) : AuthenticationException(message, innerException);
