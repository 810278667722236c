using Smarketing.Contracts;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Tests;

public class LeadFactsTests
{
    [Fact]
    public void The_first_capture_wins_and_later_ones_fill_gaps()
    {
        var first = new ContactInfo(Name: "Budi", Email: "budi@tokoabc.co.id");
        var later = new ContactInfo(Name: "Budi Santoso", Phone: "+6281234567890", City: "Jakarta");

        var merged = LeadFacts.FillContact(first, later);

        Assert.Equal(new ContactInfo("Budi", "budi@tokoabc.co.id", "+6281234567890", null, null, "Jakarta"), merged);
    }

    [Fact]
    public void Notes_are_not_sales_touches()
    {
        Assert.False(LeadFacts.IsSalesTouch("note"));
        Assert.True(LeadFacts.IsSalesTouch("call"));
    }

    [Fact]
    public void The_earliest_touch_is_kept_whatever_the_arrival_order()
    {
        var early = new DateTime(2026, 11, 20, 2, 0, 0, DateTimeKind.Utc);
        var late = early.AddHours(1);
        Assert.Equal(early, LeadFacts.Earliest(LeadFacts.Earliest(null, late), early));
        Assert.Equal(early, LeadFacts.Earliest(LeadFacts.Earliest(null, early), late));
    }

    [Fact]
    public void Only_a_newer_score_or_assignment_replaces_the_stored_one()
    {
        var stored = new DateTime(2026, 11, 20, 2, 0, 0, DateTimeKind.Utc);
        Assert.True(LeadFacts.IsNewer(null, stored));
        Assert.True(LeadFacts.IsNewer(stored, stored.AddSeconds(1)));
        Assert.False(LeadFacts.IsNewer(stored, stored.AddSeconds(-1)));
    }

    [Fact]
    public void Timeline_lines_read_as_plain_english()
    {
        Assert.Equal("Scored 95 (A, sql) with model default-1", TimelineText.Scored(95, "A", "sql", "default-1"));
        Assert.Equal("Received from whatsapp (campaign q4), after a click on a Meta click-to-WhatsApp ad \"Billboard Sudirman\"",
            TimelineText.Received("whatsapp", "q4", new AdClickInfo(CtwaClid: "ARAk", Headline: "Billboard Sudirman")));
        Assert.Equal("New touch from website-form, touch 2, after a click on a Google ad",
            TimelineText.Merged("website-form", null, 2, new AdClickInfo(Gclid: "Cj0K")));
        Assert.Equal("Received from referral", TimelineText.Received("referral", null));
        Assert.Equal("Assigned to Andi Wijaya", TimelineText.Assigned("Andi Wijaya", null, "rule"));
        Assert.Equal("Won (50,000,000 IDR): signed", TimelineText.Outcome("won", 50_000_000m, "IDR", "signed"));
    }

    [Fact]
    public void A_planned_cadence_is_one_timeline_line_naming_its_first_step_and_its_last_due_date()
    {
        var start = new DateTime(2026, 12, 2, 3, 0, 0, DateTimeKind.Utc);
        ScheduledStep Step(int n, string channel, int days) => new(Guid.NewGuid(), n, channel, start.AddDays(days), "", n == 1);

        // Listed out of order on purpose: the line goes by step number, not by position.
        Assert.Equal("3 follow-up steps scheduled: step 1 by whatsapp due 2026-12-02 03:00 UTC, the last (step 3) due 2026-12-09 03:00 UTC",
            TimelineText.FollowUpScheduled([Step(2, "call", 1), Step(1, "whatsapp", 0), Step(3, "email", 7)]));
        Assert.Equal("Follow-up step 1 by call scheduled, due 2026-12-02 03:00 UTC", TimelineText.FollowUpScheduled([Step(1, "call", 0)]));
    }
}
