using Ja4Data.LocalServer.ChDb;
using NUnit.Framework;

namespace Ja4Data.TestSupport;

/// <summary>
/// Gives tests the shared chDB session. Without libchdb.so a developer's run skips these tests with the way to get
/// it; in CI (where scripts/fetch-chdb.sh runs first) a missing library is a failure, never a silent skip.
/// </summary>
internal static class ChDbRequirement
{
    public static ChDbSession Shared
    {
        get
        {
            if (ChDbSession.FindLibrary() is null)
            {
                var message = "chDB library not found: run scripts/fetch-chdb.sh or set CHDB_LIBRARY_PATH.";
                if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                {
                    Assert.Fail(message);
                }

                Assert.Ignore(message);
            }

            return ChDbSession.Shared;
        }
    }

    /// <summary>A database name no other test uses (valid identifier, starts with a letter).</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];
}
