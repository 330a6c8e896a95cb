using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Recommender.Data;

/// <summary>
/// A prepared statement on SQLite's C API, for bulk loops only: positional binding and
/// step/reset with no per-row managed allocation. Errors surface as <see cref="SqliteException"/>.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public void BindInt(int index, int value) => Check(raw.sqlite3_bind_int(_statement, index, value));

    public void BindInt64(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void BindDouble(int index, double value) => Check(raw.sqlite3_bind_double(_statement, index, value));

    /// <summary>Runs the statement to completion and readies it for the next row.</summary>
    public void StepDone()
    {
        var result = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (result != raw.SQLITE_DONE)
        {
            Check(result);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), result, raw.sqlite3_extended_errcode(_db));
        }
    }
}
