using Relay.Core.Storage;
using Relay.Core.Storage.Postgres;

namespace Relay.Core.Tests.Storage;

/// <summary>
/// PostgreSQL's migrations are SQLite's, ported one for one: a migration added to one schema and not the other fails
/// here (no database needed), so the two stores cannot drift apart unnoticed.
/// </summary>
public sealed class SchemaParityTests
{
    [Test]
    public void Both_schemas_have_the_same_number_of_migrations()
    {
        Assert.That(PostgresSchema.Migrations, Has.Length.EqualTo(SqliteSchema.Migrations.Length),
            "port the new migration to PostgresSchema (or SqliteSchema) as the one with the same number");
    }

    [Test]
    public void Every_table_sqlite_creates_postgres_creates_too()
    {
        static IEnumerable<string> Tables(IEnumerable<string> migrations) => migrations
            .SelectMany(sql => System.Text.RegularExpressions.Regex.Matches(sql, @"CREATE (?:UNLOGGED )?TABLE (\w+)").Select(match => match.Groups[1].Value));

        Assert.That(Tables(PostgresSchema.Migrations), Is.EqualTo(Tables(SqliteSchema.Migrations)));
    }
}
