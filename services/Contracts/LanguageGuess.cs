namespace Smarketing.Contracts;

/// <summary>
/// Which language a lead wrote in, for routing to a rep who speaks it: "id" (Bahasa Indonesia) or "en", by
/// counting common function words in the message; null when the text says too little to tell.
/// </summary>
public static class LanguageGuess
{
    private static readonly HashSet<string> Indonesian = new(StringComparer.OrdinalIgnoreCase)
    {
        "saya", "kami", "mau", "ingin", "butuh", "harga", "berapa", "untuk", "dengan", "di", "ke", "dan", "yang", "bisa", "tolong",
        "apakah", "ada", "bulan", "depan", "pasang", "biaya", "terima", "kasih", "mohon", "info", "tanya", "selama", "ukuran",
    };

    private static readonly HashSet<string> English = new(StringComparer.OrdinalIgnoreCase)
    {
        "i", "we", "need", "want", "price", "how", "much", "for", "with", "the", "and", "can", "please", "is", "are", "do",
        "quote", "next", "month", "cost", "would", "like", "our", "in", "on", "about",
    };

    public static string? Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var words = text.Split([' ', '\n', '\t', ',', '.', '?', '!', ':', ';', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        int id = words.Count(Indonesian.Contains), en = words.Count(English.Contains);
        if (id == en) return null;
        return id > en ? "id" : "en";
    }
}
