using Microsoft.EntityFrameworkCore;

namespace AktivResept.Server.Data;

public sealed class PostgresAktivDbContext(DbContextOptions<PostgresAktivDbContext> options) : AktivDbContext(options);
