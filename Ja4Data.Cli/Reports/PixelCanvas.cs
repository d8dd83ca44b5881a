namespace Ja4Data.Cli.Reports;

/// <summary>An RGB pixel buffer with the few primitives a bar chart needs; drawing outside is clipped.</summary>
internal sealed class PixelCanvas
{
    private readonly byte[] _pixels;

    public PixelCanvas(int width, int height, Rgb background)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        _pixels = new byte[width * height * 3];
        FillRectangle(0, 0, width, height, background);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The pixels, 3 bytes per pixel, row by row from the top.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    public Rgb GetPixel(int x, int y)
    {
        var i = ((y * Width) + x) * 3;
        return new Rgb(_pixels[i], _pixels[i + 1], _pixels[i + 2]);
    }

    public void SetPixel(int x, int y, Rgb color)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            return;
        }

        var i = ((y * Width) + x) * 3;
        _pixels[i] = color.R;
        _pixels[i + 1] = color.G;
        _pixels[i + 2] = color.B;
    }

    public void FillRectangle(int x, int y, int width, int height, Rgb color)
    {
        for (var row = Math.Max(y, 0); row < Math.Min(y + height, Height); row++)
        {
            for (var column = Math.Max(x, 0); column < Math.Min(x + width, Width); column++)
            {
                SetPixel(column, row, color);
            }
        }
    }

    /// <summary>A vertical dashed line (reference markers).</summary>
    public void DashedVerticalLine(int x, int y, int height, Rgb color, int dash = 4)
    {
        for (var row = y; row < y + height; row++)
        {
            if ((row - y) / dash % 2 == 0)
            {
                SetPixel(x, row, color);
            }
        }
    }

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (x, y), each font pixel <paramref name="scale"/> pixels wide.</summary>
    public void DrawText(int x, int y, string text, Rgb color, int scale = 2)
    {
        foreach (var c in text)
        {
            var glyph = BitmapFont.Glyph(c);
            for (var row = 0; row < BitmapFont.GlyphHeight; row++)
            {
                for (var column = 0; column < BitmapFont.GlyphWidth; column++)
                {
                    if ((glyph[row] & (0x10 >> column)) != 0)
                    {
                        FillRectangle(x + (column * scale), y + (row * scale), scale, scale, color);
                    }
                }
            }

            x += BitmapFont.Advance * scale;
        }
    }

    public byte[] ToPng() => PngEncoder.Encode(Width, Height, _pixels);
}
