using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using SharedServices.Identity.Accounts;

namespace SharedServices.Identity.Data;

/// <summary>
/// Accounts, their invitations and password resets, OpenIddict's applications, scopes, authorizations
/// and tokens, and the Data Protection key ring (shared by every instance, kept across restarts:
/// cookies and protected TOTP secrets depend on it).
/// </summary>
public sealed class IdentityDatabase(DbContextOptions<IdentityDatabase> options) : DbContext(options), IDataProtectionKeyContext
{
    public const string Schema = "identity";

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<FirstAdminInvitation> FirstAdminInvitations => Set<FirstAdminInvitation>();

    public DbSet<PasswordReset> PasswordResets => Set<PasswordReset>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The account a principal's <c>sub</c> names (a session cookie, a code, a token), or null.</summary>
    public async Task<Account?> FindAccountAsync(ClaimsPrincipal? principal, CancellationToken cancellationToken) =>
        Guid.TryParse(principal?.GetClaim(OpenIddictConstants.Claims.Subject), out var id)
            ? await Accounts.FindAsync([id], cancellationToken)
            : null;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Its own schema: the event store's tables (tenant registry, inbox) live in "public" of the same
        // database, and the roles' grants on one do not reach the other.
        modelBuilder.HasDefaultSchema(Schema);
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
        modelBuilder.Entity<FirstAdminInvitation>(invitation =>
        {
            invitation.ToTable("first_admin_invitations");
            invitation.HasKey(i => i.Id);
            // One per town: what makes a repeated TenantOnboarded send no second invitation (the
            // inbox that de-duplicates messages is in Marten, another store).
            invitation.HasIndex(i => i.TenantCode).IsUnique();
            invitation.HasIndex(i => i.TokenHash).IsUnique();
            invitation.Property(i => i.TenantCode).HasMaxLength(6);
            invitation.Property(i => i.Email).HasMaxLength(256);
            invitation.Property(i => i.DisplayName).HasMaxLength(200);
            invitation.Property(i => i.TokenHash).HasMaxLength(64);
        });
        modelBuilder.Entity<PasswordReset>(reset =>
        {
            reset.ToTable("password_resets");
            reset.HasKey(r => r.Id);
            reset.HasIndex(r => r.TokenHash).IsUnique();
            reset.HasIndex(r => r.AccountId);
            reset.HasOne<Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
            reset.Property(r => r.TokenHash).HasMaxLength(64);
        });
    }
}
