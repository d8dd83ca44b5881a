namespace Ja4Data.Cli.Reports;

/// <summary>A 24-bit colour.</summary>
internal readonly record struct Rgb(byte R, byte G, byte B)
{
    public static readonly Rgb White = new(255, 255, 255);
    public static readonly Rgb Black = new(0x22, 0x22, 0x22);
    public static readonly Rgb Grey = new(0x9E, 0x9E, 0x9E);
    public static readonly Rgb LightGrey = new(0xE4, 0xE4, 0xE4);
    public static readonly Rgb Blue = new(0x1F, 0x77, 0xB4);
    public static readonly Rgb Green = new(0x2C, 0xA0, 0x2C);
    public static readonly Rgb Red = new(0xD6, 0x27, 0x28);
    public static readonly Rgb Orange = new(0xFF, 0x7F, 0x0E);
}
