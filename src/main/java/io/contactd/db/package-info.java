/**
 * The database: connection pool, the {@link io.contactd.db.Dialect} (SQLite or PostgreSQL) chosen
 * from the URL, and Flyway migrations, one folder per database under {@code db/}.
 */
package io.contactd.db;
