using System.Net.Http.Json;

namespace Smarketing.EndToEnd.Tests;

/// <summary>People for the tests, created the way an admin does it: invite, then the person sets a password.</summary>
public static class Users
{
    public static Task<string> CreateAsync(SmarketingFixture fixture, string role, Guid? repId = null) =>
        InviteAndAcceptAsync(fixture, $"{role.Replace('_', '.')}{Leads.UniqueSuffix()}@smarketing.local", role, repId, "pw-" + Guid.NewGuid().ToString("N"));

    /// <summary>Returns the new user's access token.</summary>
    public static async Task<string> InviteAndAcceptAsync(SmarketingFixture fixture, string email, string role, Guid? repId, string password)
    {
        var invite = await fixture.Gateway.PostAsJsonAsync("/api/auth/users", new { email, name = "Test " + role, role, repId });
        invite.EnsureSuccessStatusCode();
        var token = (await SmarketingFixture.ReadJsonAsync(invite))["inviteToken"]!.GetValue<string>();
        using var anonymous = fixture.Client();
        var accepted = await anonymous.PostAsJsonAsync("/api/auth/accept-invite", new { token, password });
        accepted.EnsureSuccessStatusCode();
        return (await SmarketingFixture.ReadJsonAsync(accepted))["accessToken"]!.GetValue<string>();
    }
}
