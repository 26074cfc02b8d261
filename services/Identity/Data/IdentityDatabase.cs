using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using SharedServices.Identity.Accounts;

namespace SharedServices.Identity.Data;

/// <summary>
/// Accounts, OpenIddict's applications, scopes, authorizations and tokens, and the Data Protection key
/// ring (shared by every instance, kept across restarts: cookies and protected TOTP secrets depend on it).
/// </summary>
public sealed class IdentityDatabase(DbContextOptions<IdentityDatabase> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The account a principal's <c>sub</c> names (a session cookie, a code, a token), or null.</summary>
    public async Task<Account?> FindAccountAsync(ClaimsPrincipal? principal, CancellationToken cancellationToken) =>
        Guid.TryParse(principal?.GetClaim(OpenIddictConstants.Claims.Subject), out var id)
            ? await Accounts.FindAsync([id], cancellationToken)
            : null;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Account>(account =>
        {
            account.ToTable("accounts");
            account.HasKey(a => a.Id);
            account.HasIndex(a => a.LoginName).IsUnique();
            account.Property(a => a.LoginName).HasMaxLength(256);
            // The role claim's own spelling, so the table reads like the tokens.
            account.Property(a => a.Kind).HasMaxLength(16)
                .HasConversion(kind => kind.Role(), role => AccountKinds.FromRole(role));
            account.Property(a => a.TenantCode).HasMaxLength(6);
            account.Property(a => a.DisplayName).HasMaxLength(200);
            account.ComplexProperty(a => a.Assurance, assurance =>
            {
                assurance.Property(x => x.Method).HasMaxLength(32);
                assurance.Property(x => x.Verifier).HasMaxLength(64);
                assurance.Property(x => x.CardFingerprint).HasMaxLength(64);
            });
        });
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }
}
