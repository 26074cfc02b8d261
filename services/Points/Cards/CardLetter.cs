using System.Globalization;
using System.Text;
using QRCoder;

namespace SharedServices.Points.Cards;

/// <summary>
/// The letter a town prints and mails with a new point card: page 1 the card to cut out (town, card
/// number, QR code), page 2 the PIN (暗証番号) and how to pay. A small PDF written directly: the QR code
/// as filled squares, the text in the standard Japanese font every PDF reader has (HeiseiKakuGo-W5,
/// not embedded), so the file stays a few kilobytes and nothing else is needed to make it.
/// </summary>
public static class CardLetter
{
    private const double Mm = 72 / 25.4;

    public static byte[] Pdf(string townName, string cardNumber, string pin, DateTimeOffset issuedAt)
    {
        var issued = issuedAt.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
        var card = new StringBuilder();
        // The card: 85.6 × 54 mm (a bank card's size) at the top left, with a cutting line.
        var (x, y, w, h) = (20 * Mm, 842 - 20 * Mm - 54 * Mm, 85.6 * Mm, 54 * Mm);
        card.Append(CultureInfo.InvariantCulture, $"0.5 w [4 3] 0 d {F(x)} {F(y)} {F(w)} {F(h)} re S [] 0 d\n");
        Text(card, x + 4 * Mm, y + h - 9 * Mm, 11, $"{townName} 地域ポイントカード");
        Text(card, x + 4 * Mm, y + h - 15 * Mm, 7, "Local point card");
        Text(card, x + 4 * Mm, y + 12 * Mm, 10, PointCard.Grouped(cardNumber));
        Text(card, x + 4 * Mm, y + 6 * Mm, 6.5, $"発行 {issued}  お店でQRコードを見せてください");
        Qr(card, PointCard.QrPrefix + cardNumber, x + w - 30 * Mm, y + 14 * Mm, 26 * Mm);
        Text(card, 20 * Mm, y - 10 * Mm, 9, "点線に沿って切り取ってお使いください。(Cut along the dotted line.)");

        var letter = new StringBuilder();
        var top = 842 - 30 * Mm;
        Text(letter, 20 * Mm, top, 16, $"{townName} 地域ポイントカード 暗証番号のお知らせ");
        Text(letter, 20 * Mm, top - 14 * Mm, 11, $"カード番号  {PointCard.Grouped(cardNumber)}");
        Text(letter, 20 * Mm, top - 26 * Mm, 20, $"暗証番号  {pin}");
        string[] lines =
        [
            "お店でのお支払い：カードのQRコードをお店の人に見せ、金額を確かめてから暗証番号を入力してください。",
            "暗証番号は誰にも教えないでください。この紙はカードと別に保管してください。",
            "暗証番号を5回続けて間違えると、カードは使えなくなります。役場の窓口で新しいカードを受け取ってください。",
            "カードをなくしたときは、すぐに役場にご連絡ください。カードを止めます。",
            "Paying: show the card's QR code at the shop, check the amount, then enter your PIN.",
            "Keep this PIN apart from the card and tell it to no one. Five wrong PINs in a row lock the card.",
        ];
        for (var i = 0; i < lines.Length; i++)
        {
            Text(letter, 20 * Mm, top - (42 + i * 8) * Mm, 9.5, lines[i]);
        }
        return Document(card.ToString(), letter.ToString());
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Text in the Japanese font: UniJIS-UCS2-H takes each character as its UTF-16 code, in hex.</summary>
    private static void Text(StringBuilder page, double x, double y, double size, string text)
    {
        var hex = Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text));
        page.Append(CultureInfo.InvariantCulture, $"BT /F1 {F(size)} Tf {F(x)} {F(y)} Td <{hex}> Tj ET\n");
    }

    private static void Qr(StringBuilder page, string content, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var cell = size / modules.Count;
        page.Append("0 g\n");
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules.Count; column++)
            {
                if (modules[row][column])
                {
                    page.Append(CultureInfo.InvariantCulture, $"{F(x + column * cell)} {F(y + size - (row + 1) * cell)} {F(cell + 0.05)} {F(cell + 0.05)} re\n");
                }
            }
        }
        page.Append("f\n");
    }

    private static byte[] Document(params string[] pages)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', pages.Select((_, i) => $"{5 + i * 2} 0 R"))}] /Count {pages.Length} >>",
            "<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H /DescendantFonts [4 0 R] >>",
            "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 /FontBBox [-92 -250 1010 922] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 737 /StemV 116 >> /DW 1000 >>",
        };
        foreach (var content in pages)
        {
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {objects.Count + 2} 0 R >>");
            objects.Add($"<< /Length {Encoding.ASCII.GetByteCount(content)} >>\nstream\n{content}endstream");
        }
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:0000000000} 00000 n \n");
        }
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
