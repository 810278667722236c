using Smarketing.Ingestion.Domain;

namespace Smarketing.Ingestion.Tests;

public class ContactNormaliserTests
{
    [Theory]
    [InlineData("0812-3456-7890")]
    [InlineData("081234567890")]
    [InlineData("0812 3456 7890")]
    [InlineData("+62 812 3456 7890")]
    [InlineData("+62-812-3456-7890")]
    [InlineData("6281234567890")]
    [InlineData("(0812) 3456-7890")]
    public void Indonesian_numbers_in_any_common_form_become_one_e164_number(string phone) =>
        Assert.Equal("+6281234567890", ContactNormaliser.NormalisePhone(phone));

    [Fact]
    public void A_foreign_number_keeps_its_own_country_code() =>
        Assert.Equal("+16502530000", ContactNormaliser.NormalisePhone("+1 650-253-0000"));

    [Theory]
    [InlineData("")]
    [InlineData("hubungi saya")]
    [InlineData("12345")]
    [InlineData("0812")]
    [InlineData("+62 812 3456 7890 1234 5678")]
    public void Text_that_is_not_a_phone_number_gives_null(string phone) =>
        Assert.Null(ContactNormaliser.NormalisePhone(phone));

    [Theory]
    [InlineData(" Budi@TokoABC.co.id ", "budi@tokoabc.co.id")]
    [InlineData("budi@tokoabc.co.id", "budi@tokoabc.co.id")]
    [InlineData("BUDI.SANTOSO+iklan@Gmail.COM", "budi.santoso+iklan@gmail.com")]
    public void Emails_are_trimmed_and_lower_cased(string email, string expected) =>
        Assert.Equal(expected, ContactNormaliser.NormaliseEmail(email));

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("budi@localhost")]
    [InlineData("budi@@tokoabc.co.id")]
    [InlineData("budi santoso@tokoabc.co.id")]
    [InlineData("Budi <budi@tokoabc.co.id>")]
    [InlineData("   ")]
    public void Text_that_is_not_a_plain_email_address_gives_null(string email) =>
        Assert.Null(ContactNormaliser.NormaliseEmail(email));

    [Theory]
    [InlineData("  Budi   Santoso ", "Budi Santoso")]
    [InlineData("Toko\tABC", "Toko ABC")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void Names_are_tidied_and_blank_becomes_null(string? text, string? expected) =>
        Assert.Equal(expected, ContactNormaliser.Tidy(text));

    [Theory]
    [InlineData("BUDI  SANTOSO", "Budi Santoso")]
    [InlineData("budi santoso", "Budi Santoso")]
    [InlineData("  siti   nur-aini ", "Siti Nur-Aini")]
    [InlineData("MA'RUF AMIN", "Ma'ruf Amin")]
    [InlineData("ÉLODIE ÇELIK", "Élodie Çelik")]
    public void Names_written_all_caps_or_all_lower_case_are_title_cased(string name, string expected) =>
        Assert.Equal(expected, ContactNormaliser.NormaliseName(name));

    [Theory]
    [InlineData("Ronald McDonald", "Ronald McDonald")]
    [InlineData("  Maria  de Souza ", "Maria de Souza")]
    [InlineData("budi SANTOSO", "budi SANTOSO")]
    [InlineData("王小明", "王小明")]
    [InlineData("R2-D2", "R2-D2")]
    public void Mixed_case_and_caseless_names_keep_their_spelling_with_tidy_spaces(string name, string expected) =>
        Assert.Equal(expected, ContactNormaliser.NormaliseName(name));

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void A_blank_name_is_null(string? name) => Assert.Null(ContactNormaliser.NormaliseName(name));
}
