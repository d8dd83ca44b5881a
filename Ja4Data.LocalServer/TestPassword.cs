using System.Security.Cryptography;
using System.Text;

namespace Ja4Data.LocalServer;

/// <summary>
/// Passwords for the <c>ja4_test</c> user. Each holds <c>; ' " \</c> so that connection-string parsing, escaping and
/// redaction are exercised by every test that logs in with it.
/// </summary>
internal static class TestPassword
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public static string Create() =>
        RandomNumberGenerator.GetString(Alphabet, 8) + ";'\"\\" + RandomNumberGenerator.GetString(Alphabet, 8);

    /// <summary>The form <c>users.xml</c> stores (<c>password_sha256_hex</c>), so no plaintext password is on disk.</summary>
    public static string Sha256Hex(string password) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
}
