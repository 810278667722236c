using System.Text.RegularExpressions;

namespace Smarketing.Scoring.Domain;

/// <summary>
/// The model a fresh install starts with: what marketing and sales of an outdoor-advertising business agree
/// a good lead looks like (fit, intent, engagement) and what marks a poor one. Later versions replace it.
/// </summary>
public static partial class DefaultScoringModel
{
    public const string Version = "default-1";

    private static readonly HashSet<string> FreeMailDomains = new(StringComparer.OrdinalIgnoreCase)
    {
        "gmail.com", "yahoo.com", "yahoo.co.id", "ymail.com", "hotmail.com", "outlook.com", "live.com", "icloud.com", "aol.com", "proton.me",
    };

    private static readonly HashSet<string> TargetCities = new(StringComparer.OrdinalIgnoreCase)
    {
        "Jakarta", "Surabaya", "Bandung", "Medan", "Semarang", "Makassar", "Denpasar", "Tangerang", "Bekasi", "Depok", "Bogor", "Yogyakarta",
    };

    public static ScoringModel Create() => new(Version,
    [
        // Fit: is this the kind of buyer we serve?
        new("fit.company", "fit", 10, "Named a company: a business buyer, not a private person.",
            l => l.Contact.Company is not null),
        new("fit.authority", "fit", 10, "Job title shows buying authority (owner, director, manager, head).",
            l => l.Contact.JobTitle is { } title && Authority().IsMatch(title)),
        new("fit.business-email", "fit", 10, "Uses a company email domain.",
            l => DomainOf(l.Contact.Email) is { } d && !FreeMailDomains.Contains(d)),
        new("fit.target-city", "fit", 5, "Located in a city we serve.",
            l => l.Contact.City is { } city && TargetCities.Any(t => city.Contains(t, StringComparison.OrdinalIgnoreCase))),

        // Intent: how ready to buy is this lead?
        new("intent.quote-request", "intent", 20, "Asked for a quote.", l => l.Source == "quote-request"),
        new("intent.direct-channel", "intent", 15, "Came by WhatsApp or referral: a direct conversation.",
            l => l.Source is "whatsapp" or "referral"),
        new("intent.form", "intent", 10, "Filled in a form on our website, landing page or at an event.",
            l => l.Source is "website-form" or "landing-page" or "event"),
        new("intent.ad-form", "intent", 5, "Answered an ad's lead form.", l => l.Source == "ads-lead-form"),
        new("intent.specific-need", "intent", 15, "Described a specific need (size, place, time or quantity).",
            l => l.Interest.Message is { } m && m.Length >= 25 && SpecificNeed().IsMatch(m)),
        new("intent.locations", "intent", 10, "Named the locations wanted.", l => l.Interest.Locations is { Count: > 0 }),
        new("intent.budget-large", "intent", 15, "Stated a budget of Rp 50 million or more.",
            l => l.Interest.Budget >= 50_000_000m),
        new("intent.budget", "intent", 10, "Stated a budget.", l => l.Interest.Budget is > 0 and < 50_000_000m),
        new("intent.timeline-now", "intent", 15, "Wants to start now.", l => l.Interest.Timeline == "now"),
        new("intent.timeline-month", "intent", 10, "Wants to start this month.", l => l.Interest.Timeline == "this-month"),
        new("intent.timeline-quarter", "intent", 5, "Wants to start this quarter.", l => l.Interest.Timeline == "this-quarter"),

        // Engagement: did they come back?
        new("engagement.repeat", "engagement", 10, "Got in touch more than once.", l => l.Touches >= 2),

        // Negative signals.
        new("negative.bare-price-question", "negative", -10, "Only asked for a price, without any context.",
            l => l.Interest.Message is { } m && m.Length < 25 && PriceWord().IsMatch(m) && !SpecificNeed().IsMatch(m)),
        new("negative.student", "negative", -25, "Looks like a student or school assignment, not a buyer.",
            l => Student().IsMatch($"{l.Contact.JobTitle} {l.Interest.Message}")),
        new("negative.spam", "negative", -50, "Message looks like spam (links, gambling, loans).",
            l => l.Interest.Message is { } m && Spam().IsMatch(m)),
        new("negative.free-mail-b2b", "negative", -5, "A company lead writing from a free-mail address.",
            l => l.Contact.Company is not null && DomainOf(l.Contact.Email) is { } d && FreeMailDomains.Contains(d)),
    ]);

    private static string? DomainOf(string? email) => email?[(email.IndexOf('@') + 1)..];

    [GeneratedRegex(@"\b(owner|pemilik|founder|ceo|director|direktur|manager|manajer|head|kepala|gm|general manager|marketing lead|purchasing|procurement)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Authority();

    [GeneratedRegex(@"(\d+\s*[x×]\s*\d+|\bukuran\b|\blokasi\b|\bjl\.?\s|\bjalan\b|\bbulan\b|\bminggu\b|\btitik\b|\bunit\b|\bbillboard\b|\bbaliho\b|\bneon\s*box\b|\bvideotron\b|\bsize\b|\blocation\b|\bmonths?\b|\bweeks?\b)", RegexOptions.IgnoreCase)]
    private static partial Regex SpecificNeed();

    [GeneratedRegex(@"\b(harga|price|berapa|pricelist|biaya)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PriceWord();

    [GeneratedRegex(@"\b(mahasiswa|mahasiswi|student|skripsi|tugas kuliah|tugas sekolah|thesis|pelajar)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Student();

    [GeneratedRegex(@"(https?://|www\.|\bslot\b|\bjudi\b|\bcasino\b|\bpinjol\b|\bpinjaman online\b|\bviagra\b|\bcrypto\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Spam();
}
