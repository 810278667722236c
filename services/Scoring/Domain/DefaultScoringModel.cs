using static Smarketing.Scoring.Domain.Condition;

namespace Smarketing.Scoring.Domain;

/// <summary>
/// Version 1, the model a fresh install starts with: what marketing and sales of an outdoor-advertising business agree
/// a good lead looks like (fit, intent, engagement) and what marks a poor one, written in the rule language.
/// </summary>
public static class DefaultScoringModel
{
    public const int Version = 1;

    private static readonly string[] Authority =
    [
        "owner", "pemilik", "founder", "ceo", "director", "direktur", "manager", "manajer", "head", "kepala", "gm",
        "general manager", "marketing lead", "purchasing", "procurement",
    ];

    private static readonly string[] SpecificNeed =
    [
        "#x#", "# x #", "#×#", "# × #", "ukuran", "lokasi", "jl ", "jl. ", "jalan", "bulan", "minggu", "titik", "unit",
        "billboard", "baliho", "neon box", "neonbox", "videotron", "size", "location", "month", "months", "week", "weeks",
    ];

    private static readonly string[] PriceWords = ["harga", "price", "berapa", "pricelist", "biaya"];

    private static readonly string[] StudentWords =
        ["mahasiswa", "mahasiswi", "student", "skripsi", "tugas kuliah", "tugas sekolah", "thesis", "pelajar"];

    private static readonly string[] SpamWords =
        ["http://", "https://", "www.", "slot", "judi", "casino", "pinjol", "pinjaman online", "viagra", "crypto"];

    private static readonly string[] TargetCities =
    [
        "Jakarta", "Surabaya", "Bandung", "Medan", "Semarang", "Makassar", "Denpasar", "Tangerang", "Bekasi", "Depok", "Bogor", "Yogyakarta",
    ];

    public static ModelDocument Document { get; } = new()
    {
        Name = "Default",
        Description = "A business owner with a clear location, a specific need, budget and a near timeline scores far above a bare price question without context.",
        Rules =
        [
            // Fit: is this the kind of buyer we serve?
            Rule("fit.company", "fit", 10, "Named a company: a business buyer, not a private person.", Present("contact.company")),
            Rule("fit.authority", "fit", 10, "Job title shows buying authority (owner, director, manager, head).", Has("contact.jobTitle", Authority)),
            Rule("fit.business-email", "fit", 10, "Uses a company email domain.", FreeMail("contact.emailDomain", false)),
            Rule("fit.target-city", "fit", 5, "Located in a city we serve.", Has("contact.city", TargetCities)),

            // Intent: how ready to buy is this lead?
            Rule("intent.quote-request", "intent", 20, "Asked for a quote.", Is("source", "quote-request")),
            Rule("intent.direct-channel", "intent", 15, "Came by WhatsApp or referral: a direct conversation.", OneOf("source", "whatsapp", "referral")),
            Rule("intent.form", "intent", 10, "Filled in a form on our website, landing page or at an event.", OneOf("source", "website-form", "landing-page", "event")),
            Rule("intent.ad-form", "intent", 5, "Answered an ad's lead form.", Is("source", "ads-lead-form")),
            Rule("intent.specific-need", "intent", 15, "Described a specific need (size, place, time or quantity).",
                AllOf(AtLeast("interest.messageLength", 25), Has("interest.message", SpecificNeed))),
            Rule("intent.locations", "intent", 10, "Named the locations wanted.", AtLeast("interest.locations", 1)),
            Rule("intent.budget-large", "intent", 15, "Stated a budget of Rp 50 million or more.", AtLeast("interest.budget", 50_000_000m)),
            Rule("intent.budget", "intent", 10, "Stated a budget.", AllOf(Above("interest.budget", 0), Below("interest.budget", 50_000_000m))),
            Rule("intent.timeline-now", "intent", 15, "Wants to start now.", Is("interest.timeline", "now")),
            Rule("intent.timeline-month", "intent", 10, "Wants to start this month.", Is("interest.timeline", "this-month")),
            Rule("intent.timeline-quarter", "intent", 5, "Wants to start this quarter.", Is("interest.timeline", "this-quarter")),

            // Engagement: did they come back?
            Rule("engagement.repeat", "engagement", 10, "Got in touch more than once.", AtLeast("touches", 2)),

            // Negative signals.
            Rule("negative.bare-price-question", "negative", -10, "Only asked for a price, without any context.",
                AllOf(Below("interest.messageLength", 25), Has("interest.message", PriceWords), Negate(Has("interest.message", SpecificNeed)))),
            Rule("negative.student", "negative", -25, "Looks like a student or school assignment, not a buyer.",
                AnyOf(Has("contact.jobTitle", StudentWords), Has("interest.message", StudentWords))),
            Rule("negative.spam", "negative", -50, "Message looks like spam (links, gambling, loans).", Has("interest.message", SpamWords)),
            Rule("negative.free-mail-b2b", "negative", -5, "A company lead writing from a free-mail address.",
                AllOf(Present("contact.company"), FreeMail("contact.emailDomain", true))),
        ],
        GradeCutoffs = new GradeCutoffs { A = 70, B = 50, C = 30 },
        Qualification = new QualificationThresholds { Mql = 40, Sql = 70 },
        // A lead nobody touched for two weeks starts to cool: a point a day, at most 20.
        Decay = new DecayDocument { PointsPerDay = 1, GraceDays = 14, MaxPoints = 20 },
        FreeMailDomains = RuleLanguage.BuiltInFreeMailDomains,
    };

    public static ScoringModel Create() => RuleLanguage.Compile(Document, Version.ToString());

    private static RuleDocument Rule(string id, string category, int points, string explanation, Condition when) =>
        new() { Id = id, Category = category, Points = points, Explanation = explanation, When = when };
}
