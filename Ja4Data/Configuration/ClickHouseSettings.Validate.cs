using Ja4Data.Configuration;

namespace Ja4Data;

public sealed partial record ClickHouseSettings
{
    /// <summary>
    /// Checks every value and the relations between them. Call before connecting; <see cref="Load(string?)"/> and
    /// <see cref="ClickHouseConnectionStringBuilder.ToSettings"/> already do.
    /// </summary>
    /// <exception cref="ClickHouseConfigurationException">
    /// A value is out of range; the message names the property, its variable and the expected form, and never
    /// contains the password.
    /// </exception>
    public void Validate()
    {
        foreach (var setting in ClickHouseSettingCatalog.All)
        {
            setting.Validate(this);
        }

        // Host names compare as DNS does, ignoring case.
        var seen = new Dictionary<(string, int), int>();
        var hosts = GetHosts();
        for (var i = 0; i < hosts.Count; i++)
        {
            var key = (hosts[i].Host.ToUpperInvariant(), hosts[i].Port);
            if (seen.TryGetValue(key, out var first))
            {
                throw new ClickHouseConfigurationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{nameof(Host)} ({ClickHouseEnvironmentVariables.Host}) lists {hosts[i]} twice (entries {first + 1} and {i + 1}); list each server once."));
            }

            seen.Add(key, i);
        }

        if (PoolMinSize > PoolMaxSize)
        {
            throw new ClickHouseConfigurationException(string.Create(
                CultureInfo.InvariantCulture,
                $"{nameof(PoolMinSize)} ({ClickHouseEnvironmentVariables.PoolMinSize}) must be at most "
                + $"{nameof(PoolMaxSize)} ({ClickHouseEnvironmentVariables.PoolMaxSize}) = {PoolMaxSize}, got {PoolMinSize}."));
        }

        if (RetryBaseDelay > RetryMaxDelay)
        {
            throw new ClickHouseConfigurationException(string.Create(
                CultureInfo.InvariantCulture,
                $"{nameof(RetryBaseDelay)} ({ClickHouseEnvironmentVariables.RetryBaseDelay}) must be at most "
                + $"{nameof(RetryMaxDelay)} ({ClickHouseEnvironmentVariables.RetryMaxDelay}) = "
                + $"{RetryMaxDelay.TotalSeconds} s, got {RetryBaseDelay.TotalSeconds} s."));
        }

        // Checked here rather than when parsed, so a connection string naming a file on another machine can still be
        // built and printed; connecting needs the file on this one.
        if (TlsCaCertificatePath is not null && !File.Exists(TlsCaCertificatePath))
        {
            throw new ClickHouseConfigurationException(
                $"{nameof(TlsCaCertificatePath)} ({ClickHouseEnvironmentVariables.TlsCaFile}) must be the path of an "
                + $"existing PEM file, got '{TlsCaCertificatePath}' (not found).");
        }
    }
}
