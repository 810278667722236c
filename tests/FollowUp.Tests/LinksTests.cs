using Smarketing.FollowUp.Domain;

namespace Smarketing.FollowUp.Tests;

public class LinksTests
{
    private static readonly TemplateData Budi = new("Budi Santoso", "PT Maju Jaya", "billboard", "Surabaya", "Andi Wijaya");

    [Fact]
    public void A_template_is_filled_with_the_leads_and_reps_data()
    {
        var text = MessageTemplate.Fill("Halo {firstName}, saya {rep}. Penawaran {product} untuk {company} di {city}, {name}.", Budi);

        Assert.Equal("Halo Budi, saya Andi Wijaya. Penawaran billboard untuk PT Maju Jaya di Surabaya, Budi Santoso.", text);
    }

    [Fact]
    public void Missing_data_reads_naturally()
    {
        var text = MessageTemplate.Fill("Halo {firstName}, untuk {company}", new TemplateData(null, null, null, null, null));

        Assert.Equal("Halo Bapak/Ibu, untuk perusahaan Anda", text);
    }

    [Fact]
    public void Whatsapp_click_to_chat_uses_the_international_number_and_an_encoded_message()
    {
        Assert.Equal("https://wa.me/6281234567890?text=Halo%20Budi%2C%20ada%20%26%20promo%3F", ContactLinks.WhatsApp("+6281234567890", "Halo Budi, ada & promo?"));
        Assert.Equal("https://wa.me/6281234567890", ContactLinks.WhatsApp("0812-3456-7890", null));
        Assert.Null(ContactLinks.WhatsApp(null, "Halo"));
    }

    [Fact]
    public void Mailto_carries_subject_and_body_percent_encoded()
    {
        Assert.Equal("mailto:budi@majujaya.co.id?subject=Penawaran%20billboard&body=Yth.%20Budi%2C%0A%0ASalam",
            ContactLinks.Email("budi@majujaya.co.id", "Penawaran billboard", "Yth. Budi,\n\nSalam"));
        Assert.Null(ContactLinks.Email(" ", "x", "y"));
    }

    [Fact]
    public void A_call_link_dials_the_e164_number() =>
        Assert.Equal("tel:+6281234567890", ContactLinks.Call("+62 812-3456-7890"));

    [Fact]
    public void A_touch_link_reads_back_only_as_issued_and_only_until_it_expires()
    {
        var links = new TouchLinks("a-signing-key-of-at-least-thirty-two-characters");
        var now = new DateTime(2026, 11, 23, 3, 0, 0, DateTimeKind.Utc);
        var ticket = new TouchTicket(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "whatsapp", now.AddHours(1));

        var token = links.Issue(ticket);

        Assert.Equal(ticket, links.Read(token, now));
        Assert.Null(links.Read(token, now.AddHours(2)));
        Assert.Null(new TouchLinks("another-signing-key-of-at-least-thirty-two-chars").Read(token, now));
        var tampered = (token[5] == 'A' ? "B" : "A") + token[1..];
        Assert.Null(links.Read(token[..5] + tampered[..1] + token[6..], now));
        Assert.Null(links.Read("not-a-token", now));
        Assert.StartsWith("/api/followups/go/", links.Link(ticket));
    }

    [Theory]
    [InlineData("Jakarta Selatan", "Asia/Jakarta")]
    [InlineData("Denpasar", "Asia/Makassar")]
    [InlineData("Kota Makassar", "Asia/Makassar")]
    [InlineData("Balikpapan", "Asia/Makassar")]
    [InlineData("Jayapura", "Asia/Jayapura")]
    [InlineData("Ambon", "Asia/Jayapura")]
    [InlineData(null, "Asia/Jakarta")]
    public void A_leads_city_gives_its_time_zone(string? city, string zone) =>
        Assert.Equal(zone, IndonesianTimeZones.ForCity(city));
}
