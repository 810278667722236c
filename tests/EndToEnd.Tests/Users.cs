using System.Net.Http.Json;

namespace Smarketing.EndToEnd.Tests;

/// <summary>A person made for a test, with what they signed in with and the tokens of their first session.</summary>
public sealed record Person(Guid Id, string Email, string Password, string AccessToken, string RefreshToken);

/// <summary>People for the tests, created the way an admin does it: invite, then the person sets a password.</summary>
public static class Users
{
    public static async Task<string> CreateAsync(SmarketingFixture fixture, string role, Guid? repId = null) =>
        (await CreatePersonAsync(fixture, role, repId)).AccessToken;

    public static Task<Person> CreatePersonAsync(SmarketingFixture fixture, string role, Guid? repId = null) =>
        InviteAndAcceptPersonAsync(fixture, $"{role.Replace('_', '.')}{Leads.UniqueSuffix()}@smarketing.local", role, repId, "pw-" + Guid.NewGuid().ToString("N"));

    /// <summary>Returns the new user's access token.</summary>
    public static async Task<string> InviteAndAcceptAsync(SmarketingFixture fixture, string email, string role, Guid? repId, string password) =>
        (await InviteAndAcceptPersonAsync(fixture, email, role, repId, password)).AccessToken;

    private static async Task<Person> InviteAndAcceptPersonAsync(SmarketingFixture fixture, string email, string role, Guid? repId, string password)
    {
        var invite = await fixture.Gateway.PostAsJsonAsync("/api/auth/users", new { email, name = "Test " + role, role, repId });
        invite.EnsureSuccessStatusCode();
        var invited = await SmarketingFixture.ReadJsonAsync(invite);
        using var anonymous = fixture.Client();
        var accepted = await anonymous.PostAsJsonAsync("/api/auth/accept-invite", new { token = invited["inviteToken"]!.GetValue<string>(), password });
        accepted.EnsureSuccessStatusCode();
        var tokens = await SmarketingFixture.ReadJsonAsync(accepted);
        return new Person(invited["user"]!["id"]!.GetValue<Guid>(), email, password,
            tokens["accessToken"]!.GetValue<string>(), tokens["refreshToken"]!.GetValue<string>());
    }
}
