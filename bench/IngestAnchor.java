import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.UUID;

/**
 * The ingest anchor: what the database itself does with the rows of the upsert benchmark when a
 * program simply INSERTs them, many rows per statement, into an empty table of the same columns —
 * no lookup, no merge, no HTTP. Two tables: one with a primary key only ("bare") and one with the
 * secondary indexes contactd's contacts table has ("indexed"). One transaction per 30,000 rows, as
 * contactd commits per batch; on PostgreSQL with synchronous_commit off, as contactd's jobs.
 *
 * <p>Usage: java -cp target/contactd.jar bench/IngestAnchor.java JDBC_URL [ROWS]
 * Prints one line per table: "anchor <table>: N rows in S s, R rows/s".
 */
public class IngestAnchor {
  static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Ken", "Margaret"};
  static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Thompson", "Hamilton"};
  static final String[] CITY = {"London", "New York", "Paris", "Berlin", "Lyon", "Austin", "Tokyo", "Oslo"};
  static final int BATCH = 30_000;
  static final int PER_STATEMENT = 1_000;
  static final String COLUMNS =
      "seq, account_id, id, email, first_name, last_name, city, country, postal_code, custom_fields, created_at, updated_at";
  static final int N_COLS = 12;

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int total = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    boolean pg = url.startsWith("jdbc:postgresql:");
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement s = c.createStatement()) {
        if (!pg) {
          s.execute("PRAGMA journal_mode = WAL");
          s.execute("PRAGMA synchronous = NORMAL");
          s.execute("PRAGMA cache_size = -65536");
        }
      }
      run(c, pg, "bare", false, total);
      run(c, pg, "indexed", true, total);
    }
  }

  static void run(Connection c, boolean pg, String name, boolean indexed, int total) throws Exception {
    String table = "anchor_" + name;
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
      s.execute("CREATE TABLE " + table + " (seq BIGINT PRIMARY KEY, account_id BIGINT NOT NULL, id TEXT NOT NULL,"
          + " email TEXT, phone_number_id TEXT, external_id TEXT, anonymous_id TEXT, first_name TEXT, last_name TEXT,"
          + " city TEXT, country TEXT, postal_code TEXT, custom_fields TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)");
      if (indexed) {
        s.execute("CREATE UNIQUE INDEX " + table + "_id ON " + table + " (account_id, id)");
        s.execute("CREATE INDEX " + table + "_account_seq ON " + table + " (account_id, seq)");
        for (String col : new String[] {"email", "phone_number_id", "external_id", "anonymous_id"}) {
          s.execute("CREATE UNIQUE INDEX " + table + "_" + col + " ON " + table + " (account_id, " + col + ") WHERE " + col + " IS NOT NULL");
        }
      }
    }
    StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (" + COLUMNS + ") VALUES ");
    String row = "(" + "?, ".repeat(N_COLS - 1) + "?)";
    for (int i = 0; i < PER_STATEMENT; i++) {
      sql.append(i == 0 ? "" : ", ").append(row);
    }
    c.setAutoCommit(false);
    long t0 = System.nanoTime();
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 0;
      while (i < total) {
        if (pg) {
          try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL synchronous_commit = off");
          }
        }
        int end = Math.min(total, i + BATCH);
        while (i < end) {
          int n = Math.min(PER_STATEMENT, end - i);
          if (n < PER_STATEMENT) {
            insertRows(c, table, row, i, n);
          } else {
            bind(ps, 0, i, n);
            ps.executeUpdate();
          }
          i += n;
        }
        c.commit();
      }
    }
    c.setAutoCommit(true);
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("anchor %s: %d rows in %.2f s, %.0f rows/s%n", name, total, secs, total / secs);
  }

  static void insertRows(Connection c, String table, String row, int first, int n) throws Exception {
    StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (" + COLUMNS + ") VALUES ");
    for (int i = 0; i < n; i++) {
      sql.append(i == 0 ? "" : ", ").append(row);
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      bind(ps, 0, first, n);
      ps.executeUpdate();
    }
  }

  static void bind(PreparedStatement ps, int offset, int first, int n) throws Exception {
    long now = System.currentTimeMillis();
    int p = offset + 1;
    for (int i = first; i < first + n; i++) {
      ps.setLong(p++, i + 1);
      ps.setLong(p++, 1);
      ps.setString(p++, new UUID(now << 16 | 0x7000, i).toString());
      ps.setString(p++, "user" + i + "@example.com");
      ps.setString(p++, FIRST[i % 8]);
      ps.setString(p++, LAST[(i / 8) % 8]);
      ps.setString(p++, CITY[(i / 64) % 8]);
      ps.setString(p++, "US");
      ps.setString(p++, Integer.toString(10000 + i % 89999));
      ps.setString(p++, "{\"e1_T\":\"" + (i % 2 == 0 ? "gold" : "silver") + "\",\"e2_N\":" + (i % 1000) + "}");
      ps.setLong(p++, now);
      ps.setLong(p++, now);
    }
  }
}
