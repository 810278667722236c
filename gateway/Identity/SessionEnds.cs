using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Smarketing.Gateway.Identity;

/// <summary>Ending sessions, and telling every service: PostgreSQL first (the truth), then the copy in Redis.</summary>
public static class SessionEnds
{
    /// <summary>Revokes the matching live sessions and their refresh tokens; their access tokens are refused next.</summary>
    public static async Task EndSessionsAsync(this IdentityDbContext db, SessionState state, Expression<Func<UserSession, bool>> which,
        DateTime now, CancellationToken ct)
    {
        var ended = await db.Sessions.Where(which).Where(s => s.RevokedAt == null).Select(s => s.Id).ToListAsync(ct);
        if (ended.Count == 0) return;
        await db.Sessions.Where(s => ended.Contains(s.Id)).ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now), ct);
        await db.RefreshTokens.Where(t => t.SessionId != null && ended.Contains(t.SessionId.Value) && t.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.RevokedAt, now), ct);
        await state.SessionsEndedAsync(ended);
    }

    /// <summary>A role change or deactivation: every access token issued before it stops working, in every session.</summary>
    public static async Task RaiseTokenVersionAsync(this IdentityDbContext db, SessionState state, AppUser user, CancellationToken ct)
    {
        user.TokenVersion++;
        await db.SaveChangesAsync(ct);
        await state.UserChangedAsync(user.Id, user.TokenVersion);
    }
}
