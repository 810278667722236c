using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Smarketing.Contracts;
using Smarketing.Reporting.Domain;

/// <summary>What was seeded, counted while generating, to set beside what the reports say.</summary>
internal sealed record SeedSummary(
    int Leads, int Qualified, int Assigned, int Contacted, int Won, int Lost, int Disqualified,
    int NeverContacted, int Stalled, int TrafficDays);

/// <summary>
/// A read side three years into production, as the consumers would have left it: lead_views written by binary COPY with
/// the fields every event sets (capture, score, assignment, touches, outcome), the status derived by LeadStatus.Derive,
/// and traffic_days for every campaign and source on every local day.
/// </summary>
internal sealed class LeadSeeder(string connectionString, DateTime nowUtc, int seed)
{
    private const int ProgressEvery = 100_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan History = TimeSpan.FromDays(3 * 365);
    /// <summary>The black-hole age the counts below are for: the report asked for leads older than 24 hours.</summary>
    public static readonly TimeSpan BlackHoleAge = TimeSpan.FromHours(24);

    public static readonly string[] Campaigns =
    [
        "search-brand", "search-generic", "meta-prospecting", "meta-retargeting", "tiktok-awareness",
        "youtube-demo", "partner-referrals", "webinar-series", "seasonal-promo", "newsletter",
    ];
    private static readonly double[] CampaignWeights = [18, 16, 14, 10, 9, 8, 7, 7, 6, 5];
    public static readonly string[] Sources = ["website-form", "whatsapp", "quote-request", "landing-page", "ads-lead-form", "referral"];
    private static readonly double[] SourceWeights = [30, 25, 10, 15, 15, 5];
    private static readonly string[] FirstNames =
        ["Budi", "Siti", "Agus", "Dewi", "Rizky", "Putri", "Andi", "Ayu", "Hendra", "Rina", "Fajar", "Maya", "Yusuf", "Indah", "Bayu", "Lestari"];
    private static readonly string[] LastNames =
        ["Santoso", "Wijaya", "Pratama", "Saputra", "Hidayat", "Kusuma", "Nugroho", "Siregar", "Lubis", "Setiawan", "Halim", "Gunawan"];
    private static readonly string[] Cities = ["Jakarta", "Surabaya", "Bandung", "Medan", "Semarang", "Makassar", "Denpasar", "Yogyakarta", "Palembang", "Tangerang"];
    private static readonly string[] Products = ["billboard", "baliho", "neon-box", "videotron", "bus-wrap", "street-furniture"];
    private static readonly string[] Titles = ["Owner", "Marketing Manager", "Brand Manager", "Direktur", "Procurement", "Staff"];
    private static readonly string[] LostReasons = ["price", "no-budget", "competitor", "no-response", "timing", "location-unavailable"];
    private static readonly string[] DisqualifiedReasons = ["spam", "out-of-area", "duplicate", "student"];

    private readonly Random _random = new(seed);

    public async Task<SeedSummary> SeedAsync(int leadCount)
    {
        var reps = Enumerable.Range(0, 25)
            .Select(i => (Id: NewGuid(), Name: $"{FirstNames[i % FirstNames.Length]} {LastNames[(i * 5 + 3) % LastNames.Length]}"))
            .ToArray();
        var reasonsByGrade = new Dictionary<string, string[]>
        {
            ["A"] = ReasonPool(80), ["B"] = ReasonPool(62), ["C"] = ReasonPool(45), ["D"] = ReasonPool(15),
        };

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        var wall = Stopwatch.StartNew();
        int qualified = 0, assigned = 0, contacted = 0, won = 0, lost = 0, disqualified = 0, neverContacted = 0, stalled = 0;
        var cutoff = nowUtc - BlackHoleAge;
        using (var copy = connection.BeginBinaryImport(
            """
            COPY lead_views ("LeadId", "Source", "Campaign", "ReceivedAt", "Contact", "Interest", "Utm", "Touches",
                "Name", "Email", "Phone", "Company", "City",
                "Score", "Grade", "Qualification", "Reasons", "ModelVersion", "ScoredAt",
                "OwnerRepId", "OwnerName", "AssignedAt", "FirstAssignedAt",
                "FirstTouchAt", "LastTouchAt", "SalesTouches", "PendingSteps",
                "OutcomeResult", "OutcomeValue", "OutcomeCurrency", "OutcomeReason", "ClosedAt",
                "Status", "UpdatedAt") FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < leadCount; i++)
            {
                var receivedAt = nowUtc - History * _random.NextDouble();
                var campaign = Campaigns[Pick(CampaignWeights)];
                var source = Sources[Pick(SourceWeights)];

                var (grade, qualification, score) = Grade();
                var scoredAt = receivedAt.AddSeconds(1 + _random.NextDouble() * 4);
                var isQualified = qualification is "sql" or "mql";
                if (isQualified) qualified++;

                // Assignment: most qualified leads get an owner within seconds to minutes.
                (Guid Id, string Name)? owner = null;
                DateTime? assignedAt = null;
                if (isQualified && _random.NextDouble() < 0.85)
                {
                    var at = receivedAt.AddSeconds(Math.Clamp(LogNormal(Math.Log(45), 1.2), 2, 7200));
                    if (at <= nowUtc) (owner, assignedAt) = (reps[_random.Next(reps.Length)], at);
                }

                // First sales touch: seconds to days after capture, never before the assignment.
                DateTime? firstTouchAt = null, lastTouchAt = null;
                var salesTouches = 0;
                if (assignedAt is { } assignedTime && _random.NextDouble() < 0.70)
                {
                    var touch = receivedAt.AddSeconds(Math.Clamp(LogNormal(Math.Log(2400), 2.2), 10, 14 * 86400));
                    if (touch < assignedTime) touch = assignedTime.AddSeconds(5 + _random.Next(120));
                    if (touch <= nowUtc)
                    {
                        salesTouches = 1 + _random.Next(8);
                        var last = salesTouches == 1 ? touch : touch.AddHours(Math.Clamp(LogNormal(Math.Log(48), 1.3), 1, 60 * 24));
                        (firstTouchAt, lastTouchAt) = (touch, last > nowUtc ? nowUtc : last);
                    }
                }

                // Outcomes among the contacted: about 12% won, 35% lost, a few disqualified, the rest still open.
                string? result = null, reason = null;
                decimal? value = null;
                DateTime? closedAt = null;
                if (lastTouchAt is { } lastTime)
                {
                    var roll = _random.NextDouble();
                    result = roll < 0.12 ? "won" : roll < 0.47 ? "lost" : roll < 0.50 ? "disqualified" : null;
                    if (result is not null)
                    {
                        closedAt = lastTime.AddHours(Math.Clamp(LogNormal(Math.Log(72), 1.0), 1, 45 * 24));
                        if (closedAt > nowUtc) (result, closedAt) = (null, null);
                    }
                }
                else if (assignedAt is { } unTouched && _random.NextDouble() < 0.02)
                {
                    // Disqualified on sight by the owner, without a sales touch.
                    (result, closedAt) = ("disqualified", unTouched.AddMinutes(5 + _random.Next(600)));
                    if (closedAt > nowUtc) (result, closedAt) = (null, null);
                }
                switch (result)
                {
                    case "won":
                        won++;
                        // 5 to 200 million rupiah, log-uniform, in 100,000s.
                        value = Math.Round((decimal)(5_000_000 * Math.Pow(40, _random.NextDouble())) / 100_000m) * 100_000m;
                        break;
                    case "lost":
                        lost++;
                        reason = LostReasons[_random.Next(LostReasons.Length)];
                        break;
                    case "disqualified":
                        disqualified++;
                        reason = DisqualifiedReasons[_random.Next(DisqualifiedReasons.Length)];
                        break;
                }

                var pendingSteps = result is null && firstTouchAt is not null && _random.NextDouble() < 0.55 ? 1 : 0;
                if (assignedAt is not null) assigned++;
                if (firstTouchAt is not null) contacted++;
                var status = LeadStatus.Derive(result, firstTouchAt, owner?.Id, qualification, null, assignedAt);
                // The black hole as issue 6 defines it, counted here from what was generated, not from the database:
                // captured before the cutoff and still open; never contacted (new or assigned, not nurture), or
                // contacted fewer than five times with nothing pending and no touch since the cutoff.
                if (result is null && receivedAt < cutoff)
                {
                    if (status is LeadStatus.New or LeadStatus.Assigned) neverContacted++;
                    if (status == LeadStatus.Contacted && salesTouches < 5 && pendingSteps == 0 && lastTouchAt < cutoff) stalled++;
                }
                var updatedAt = Max(scoredAt, assignedAt, lastTouchAt, closedAt);

                var first = FirstNames[_random.Next(FirstNames.Length)];
                var lastName = LastNames[_random.Next(LastNames.Length)];
                var name = $"{first} {lastName}";
                var email = $"{first.ToLowerInvariant()}.{lastName.ToLowerInvariant()}{i}@{(_random.Next(3) == 0 ? "gmail.com" : $"firma{i % 997}.co.id")}";
                var phone = $"+628{_random.NextInt64(1_000_000_000, 9_999_999_999)}";
                var company = _random.Next(2) == 0 ? $"PT Firma {i % 997}" : null;
                var city = Cities[_random.Next(Cities.Length)];
                var contact = JsonSerializer.Serialize(new ContactInfo(name, email, phone, company, Titles[_random.Next(Titles.Length)], city), Json);
                var interest = JsonSerializer.Serialize(new InterestInfo(Products[_random.Next(Products.Length)], "Mohon info harga dan ketersediaan lokasi",
                    _random.Next(3) == 0 ? _random.Next(1, 200) * 1_000_000m : null, "IDR", "this-quarter", null), Json);
                var utm = JsonSerializer.Serialize(new UtmInfo(source == "referral" ? "partner" : "google", "cpc", campaign), Json);

                copy.StartRow();
                copy.Write(NewGuid(), NpgsqlDbType.Uuid);
                copy.Write(source, NpgsqlDbType.Text);
                copy.Write(campaign, NpgsqlDbType.Text);
                copy.Write(receivedAt, NpgsqlDbType.TimestampTz);
                copy.Write(contact, NpgsqlDbType.Jsonb);
                copy.Write(interest, NpgsqlDbType.Jsonb);
                copy.Write(utm, NpgsqlDbType.Jsonb);
                copy.Write(1 + _random.Next(3), NpgsqlDbType.Integer);
                copy.Write(name, NpgsqlDbType.Text);
                copy.Write(email, NpgsqlDbType.Text);
                copy.Write(phone, NpgsqlDbType.Text);
                WriteText(copy, company);
                copy.Write(city, NpgsqlDbType.Text);
                copy.Write(score, NpgsqlDbType.Integer);
                copy.Write(grade, NpgsqlDbType.Text);
                copy.Write(qualification, NpgsqlDbType.Text);
                var pool = reasonsByGrade[grade];
                copy.Write(pool[_random.Next(pool.Length)], NpgsqlDbType.Jsonb);
                // Leads scored since the model change half a year ago carry version 2.
                copy.Write(receivedAt < nowUtc.AddDays(-182) ? "1" : "2", NpgsqlDbType.Text);
                copy.Write(scoredAt, NpgsqlDbType.TimestampTz);
                if (owner is { } rep)
                {
                    copy.Write(rep.Id, NpgsqlDbType.Uuid);
                    copy.Write(rep.Name, NpgsqlDbType.Text);
                }
                else
                {
                    copy.WriteNull();
                    copy.WriteNull();
                }
                WriteTime(copy, assignedAt);
                WriteTime(copy, assignedAt);
                WriteTime(copy, firstTouchAt);
                WriteTime(copy, lastTouchAt);
                copy.Write(salesTouches, NpgsqlDbType.Integer);
                copy.Write(pendingSteps, NpgsqlDbType.Integer);
                WriteText(copy, result);
                if (value is { } v) copy.Write(v, NpgsqlDbType.Numeric); else copy.WriteNull();
                WriteText(copy, value is null ? null : "IDR");
                WriteText(copy, reason);
                WriteTime(copy, closedAt);
                copy.Write(status, NpgsqlDbType.Text);
                copy.Write(updatedAt, NpgsqlDbType.TimestampTz);

                if ((i + 1) % ProgressEvery == 0 || i + 1 == leadCount)
                    Console.WriteLine($"  seeded {i + 1,9:N0}/{leadCount:N0} leads (binary COPY)  {wall.Elapsed.TotalSeconds,6:0.0} s");
            }
            Console.WriteLine("  completing the COPY (indexes and commit)…");
            copy.Complete();
        }
        Console.WriteLine($"  {leadCount:N0} leads stored in {wall.Elapsed.TotalSeconds:0.0} s: {qualified:N0} qualified, {assigned:N0} assigned, " +
                          $"{contacted:N0} contacted, {won:N0} won, {lost:N0} lost, {disqualified:N0} disqualified");

        SeedReps(connection, reps);
        var trafficDays = await SeedTrafficAsync(connection);
        return new SeedSummary(leadCount, qualified, assigned, contacted, won, lost, disqualified, neverContacted, stalled, trafficDays);
    }

    /// <summary>The reps' names as RepView keeps them from the assignment events: the per-rep reports show names, not ids.</summary>
    private static void SeedReps(NpgsqlConnection connection, (Guid Id, string Name)[] reps)
    {
        using (var copy = connection.BeginBinaryImport("""COPY rep_views ("RepId", "Name") FROM STDIN (FORMAT BINARY)"""))
        {
            foreach (var (id, name) in reps)
            {
                copy.StartRow();
                copy.Write(id, NpgsqlDbType.Uuid);
                copy.Write(name, NpgsqlDbType.Text);
            }
            copy.Complete();
        }
        Console.WriteLine($"  {reps.Length} reps stored with their names");
    }

    /// <summary>Every campaign from every source on every Jakarta day of the three years, spend in rupiah (referrals cost nothing).</summary>
    private async Task<int> SeedTrafficAsync(NpgsqlConnection connection)
    {
        var wall = Stopwatch.StartNew();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(nowUtc, ReportPeriod.Jakarta));
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(nowUtc - History, ReportPeriod.Jakarta));
        var rows = 0;
        using (var copy = connection.BeginBinaryImport(
            """COPY traffic_days ("Campaign", "Source", "Date", "Visits", "Clicks", "Spend", "Currency", "UpdatedAt") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var c = 0; c < Campaigns.Length; c++)
            for (var s = 0; s < Sources.Length; s++)
            for (var day = firstDay; day <= today; day = day.AddDays(1))
            {
                var visits = (int)(CampaignWeights[c] * SourceWeights[s] * (0.6 + 0.8 * _random.NextDouble()));
                var clicks = (int)(visits * (0.1 + 0.2 * _random.NextDouble()));
                var spend = Sources[s] == "referral" ? 0m : Math.Round((decimal)(visits * (1500 + 2500 * _random.NextDouble())) / 1000m) * 1000m;
                var updatedAt = TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(new TimeOnly(1, 0)), ReportPeriod.Jakarta);
                copy.StartRow();
                copy.Write(Campaigns[c], NpgsqlDbType.Text);
                copy.Write(Sources[s], NpgsqlDbType.Text);
                copy.Write(day, NpgsqlDbType.Date);
                copy.Write(visits, NpgsqlDbType.Integer);
                copy.Write(clicks, NpgsqlDbType.Integer);
                copy.Write(spend, NpgsqlDbType.Numeric);
                copy.Write("IDR", NpgsqlDbType.Text);
                copy.Write(updatedAt > nowUtc ? nowUtc : updatedAt, NpgsqlDbType.TimestampTz);
                rows++;
            }
            copy.Complete();
        }
        Console.WriteLine($"  {rows:N0} traffic days stored ({Campaigns.Length} campaigns × {Sources.Length} sources × {today.DayNumber - firstDay.DayNumber + 1:N0} days, " +
                          $"{firstDay:yyyy-MM-dd}..{today:yyyy-MM-dd}) in {wall.Elapsed.TotalSeconds:0.0} s");
        return rows;
    }

    /// <summary>A–D with the verdicts the default model gives them: about 60% mql or sql.</summary>
    private (string Grade, string Qualification, int Score) Grade()
    {
        var roll = _random.NextDouble();
        if (roll < 0.15) return ("A", "sql", 80 + _random.Next(21));
        if (roll < 0.40) return ("B", _random.NextDouble() < 0.7 ? "sql" : "mql", 60 + _random.Next(20));
        if (roll < 0.70) return ("C", _random.NextDouble() < 0.65 ? "mql" : "nurture", 40 + _random.Next(20));
        return ("D", "nurture", _random.Next(40));
    }

    /// <summary>A handful of reason lists per grade, serialised once: reasons repeat across leads as the rules do.</summary>
    private string[] ReasonPool(int around) =>
        Enumerable.Range(0, 8).Select(_ => JsonSerializer.Serialize(new[]
        {
            new ScoreReason("source", 10 + _random.Next(15), "Came in through a form with a budget field"),
            new ScoreReason("budget", around / 4, "States a budget within the usual range"),
            new ScoreReason("timeline", 5 + _random.Next(10), "Wants to start this quarter"),
            new ScoreReason("business-email", _random.Next(2) * 10, "Writes from a company domain"),
        }, Json)).ToArray();

    private int Pick(double[] weights)
    {
        var roll = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
            if ((roll -= weights[i]) < 0) return i;
        return weights.Length - 1;
    }

    private double LogNormal(double mu, double sigma)
    {
        // Box–Muller: one standard normal from two uniforms.
        var z = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
        return Math.Exp(mu + sigma * z);
    }

    private Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, so they look like the real ids
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static DateTime Max(DateTime first, params DateTime?[] others) =>
        others.Aggregate(first, (max, at) => at > max ? at.Value : max);

    private static void WriteText(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null) copy.WriteNull(); else copy.Write(value, NpgsqlDbType.Text);
    }

    private static void WriteTime(NpgsqlBinaryImporter copy, DateTime? value)
    {
        if (value is { } at) copy.Write(at, NpgsqlDbType.TimestampTz); else copy.WriteNull();
    }
}
