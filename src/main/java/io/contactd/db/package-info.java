/**
 * The database: connection pool, the {@link io.contactd.db.Dialect} (SQLite or PostgreSQL) chosen
 * from the URL, and Flyway migrations, one folder per database under {@code db/}. Every difference
 * between the two databases lives in this package: other packages ask the dialect for SQL pieces
 * and settings, never which database it is.
 */
package io.contactd.db;
