namespace Ja4Data.Tests.Configuration;

internal static class TestSecrets
{
    /// <summary>A password with every character that breaks naive quoting: ; @ ' " and a trailing backslash.</summary>
    public const string Password = "S3cr3t;P@ss'\"\\";

    /// <summary>The same password as a double-quoted .env value.</summary>
    public const string DotEnvQuotedPassword = "\"S3cr3t;P@ss'\\\"\\\\\"";

    /// <summary>A fragment specific enough that finding it anywhere means the password leaked.</summary>
    public const string Fragment = "S3cr3t";
}
