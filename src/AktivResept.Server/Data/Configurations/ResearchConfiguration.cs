using AktivResept.Server.Features.Research;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AktivResept.Server.Data.Configurations;

public sealed class ResearchProjectConfiguration : IEntityTypeConfiguration<ResearchProject>
{
    public void Configure(EntityTypeBuilder<ResearchProject> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Title).HasMaxLength(200);
        builder.Property(p => p.OwnerSubject).HasMaxLength(200);
        builder.Property(p => p.OwnerName).HasMaxLength(200);
        builder.Property(p => p.ApprovalReference).HasMaxLength(20);
        builder.Property(p => p.Purpose).HasMaxLength(4000);
        builder.Property(p => p.ConsentTextVersion).HasMaxLength(40);
        builder.Property(p => p.DateHandling).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.EncryptedKey).IsRequired();
        builder.HasIndex(p => p.OwnerSubject);
    }
}

public sealed class ResearchExportConfiguration : IEntityTypeConfiguration<ResearchExport>
{
    public void Configure(EntityTypeBuilder<ResearchExport> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.By).HasMaxLength(200);
        builder.Property(e => e.ByName).HasMaxLength(200);
        builder.Property(e => e.Format).HasMaxLength(20);
        builder.HasIndex(e => new { e.ProjectId, e.At });
        builder.HasOne<ResearchProject>().WithMany().HasForeignKey(e => e.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}
