using System.Collections.Frozen;
using System.Globalization;

namespace Ja4Data.Cli.Reports;

/// <summary>
/// The classic 5x7 dot-matrix character set (as in HD44780 LCD controllers): enough for chart labels without a font
/// file or a drawing library. Each glyph is seven rows of five bits, bit 4 leftmost.
/// </summary>
internal static class BitmapFont
{
    public const int GlyphWidth = 5;
    public const int GlyphHeight = 7;

    /// <summary>Horizontal advance per character, in font pixels (glyph plus one column of spacing).</summary>
    public const int Advance = GlyphWidth + 1;

    // One glyph per word: the character, then 14 hex digits (seven rows).
    private const string Data = """
        00E11131519110E 1040C040404040E 20E11010204081F 31F02040201110E 402060A121F0202 51F101E0101110E 60608101E11110E 71F010204080808
        80E11110E11110E 90E11110F01020C A0E1111111F1111 B1E11111E11111E C0E11101010110E D1C12111111121C E1F10101E10101F F1F10101E101010
        G0E11101711110F H1111111F111111 I0E04040404040E J0702020202120C K11121418141211 L1010101010101F M111B1515111111 N11111915131111
        O0E11111111110E P1E11111E101010 Q0E11111115120D R1E11111E141211 S0F10100E01011E T1F040404040404 U1111111111110E V11111111110A04
        W1111111515150A X11110A040A1111 Y1111110A040404 Z1F01020408101F a00000E010F110F b1010161911111E c00000E1010110E d01010D1311110F
        e00000E111F100E f0609081C080808 g000F11110F010E h10101619111111 i04000C0404040E j0200060202120C k10101214181412 l0C04040404040E
        m00001A15151111 n00001619111111 o00000E1111110E p00001E111E1010 q00000D130F0101 r00001619101010 s00000E100E011E t08081C08080906
        u0000111111130D v00001111110A04 w0000111115150A x0000110A040A11 y000011110F010E z00001F0204081F .00000000000C0C ,000000000C0408
        :000C0C000C0C00 (02040808080402 )08040202020408 -0000001F000000 _0000000000001F /00010204081000 <02040810080402 >08040201020408
        =00001F001F0000 %18190204081303 +0004041F040400 '0C040800000000 *0004150E150400 #0A0A1F0A1F0A0A [0E08080808080E ]0E02020202020E
        !04040404000004 ?0E110102040004 "0A0A0A00000000 |04040404040404 &0C12140815120D @0E11010D15150E ;000C0C000C0408
        """;

    private static readonly byte[] Blank = new byte[GlyphHeight];
    private static readonly FrozenDictionary<char, byte[]> Glyphs = Parse();

    /// <summary>The rows of <paramref name="c"/>; unknown characters draw as '?', space as nothing.</summary>
    public static ReadOnlySpan<byte> Glyph(char c)
        => c == ' ' ? Blank : Glyphs.TryGetValue(c, out var rows) ? rows : Glyphs['?'];

    public static int MeasureWidth(string text, int scale) => text.Length == 0 ? 0 : ((text.Length * Advance) - 1) * scale;

    private static FrozenDictionary<char, byte[]> Parse()
    {
        var glyphs = new Dictionary<char, byte[]>();
        foreach (var word in Data.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length != 1 + (GlyphHeight * 2))
            {
                throw new InvalidOperationException($"Glyph '{word}' needs a character and {GlyphHeight * 2} hex digits.");
            }

            glyphs[word[0]] = Enumerable.Range(0, GlyphHeight).Select(i => byte.Parse(word.AsSpan(1 + (i * 2), 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
        }

        return glyphs.ToFrozenDictionary();
    }
}
