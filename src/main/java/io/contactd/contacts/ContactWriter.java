package io.contactd.contacts;

import com.fasterxml.jackson.core.type.TypeReference;
import io.contactd.db.Dialect;
import io.contactd.fields.FieldDefinition;
import io.contactd.fields.FieldStore;
import io.contactd.fields.ReservedField;
import io.contactd.json.Json;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a batch of validated contacts in one transaction: finds the stored contacts that share an
 * identifier with any row (one indexed query per identifier type for the whole batch), merges rows
 * into them or creates new ones (seqs allocated up front), then writes: new contacts through the
 * dialect's bulk append (COPY on PostgreSQL, a JDBC batch on SQLite) and their list links by COPY
 * on PostgreSQL, from one bound list on SQLite; stored ones on SQLite with a JDBC batch, on
 * PostgreSQL with one UPDATE over column arrays; the links stored contacts lack with one guarded
 * INSERT per list over the seqs as one bound list. Rows that cannot be applied are counted, never
 * half-applied.
 */
public final class ContactWriter {
  private static final Logger log = LoggerFactory.getLogger(ContactWriter.class);

  /** Reserved text columns in the order of every SQL statement below. */
  static final List<String> COLUMNS =
      ReservedField.writableText().stream().map(ReservedField::column).sorted().toList();

  private static final Map<String, Integer> POSITION = positions();

  /** Identifier types, without the copy {@code values()} makes at each call. */
  private static final Identifier[] IDENTIFIERS = Identifier.values();

  /** Each identifier's position in {@link #COLUMNS}, by ordinal. */
  private static final int[] IDENTIFIER_POSITION = identifierPositions();

  /** Whether the column at each position of {@link #COLUMNS} is an identifier. */
  private static final boolean[] IS_IDENTIFIER = identifierFlags();

  private static boolean[] identifierFlags() {
    boolean[] out = new boolean[COLUMNS.size()];
    for (int p : IDENTIFIER_POSITION) {
      out[p] = true;
    }
    return out;
  }

  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  /** What a batch did; {@code errors} holds the row index and reason of each refused row. */
  public record Counts(int created, int updated, int errored, List<RowError> errors) {}

  public record RowError(int index, String message) {}

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final Clock clock;
  private final int maxListsPerContact;
  private final String select;
  private final String update;

  /**
   * The UPDATE for a stored contact whose identifiers stay as they are: SQLite rewrites the index
   * entries of every column an UPDATE sets, changed or not, so leaving them out spares the
   * identifier indexes (an all-updates import would rewrite an email index entry per contact).
   */
  private final String updateKeepingIdentifiers;

  public ContactWriter(Jdbi jdbi, Dialect dialect, Clock clock, int maxListsPerContact) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.clock = clock;
    this.maxListsPerContact = maxListsPerContact;
    this.select =
        "SELECT c.seq, c.id, "
            + COLUMNS.stream()
                .map(col -> "c." + col)
                .collect(java.util.stream.Collectors.joining(", "))
            + ", c.alternate_emails, c.custom_fields FROM contacts c";
    this.update = update(COLUMNS);
    this.updateKeepingIdentifiers =
        update(COLUMNS.stream().filter(col -> !isIdentifier(col)).toList());
  }

  private static String update(List<String> columns) {
    StringBuilder set = new StringBuilder();
    for (String c : columns) {
      set.append(c).append(" = ?, ");
    }
    return "UPDATE contacts SET "
        + set
        + "alternate_emails = ?, custom_fields = ?, updated_at = ? WHERE seq = ? AND account_id = ?";
  }

  private static boolean isIdentifier(String column) {
    for (int p : IDENTIFIER_POSITION) {
      if (COLUMNS.get(p).equals(column)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lets the caller's transaction commit before its log is flushed, for a batch that is redone when
   * a crash loses it (its checkpoint or job status commits with it).
   */
  public void commitWithoutFlushWait(Handle h) {
    dialect.commitWithoutFlushWait(h);
  }

  /** One batch in its own transaction. */
  public Counts upsert(long accountId, List<ContactInput> rows, Collection<String> listIds)
      throws SQLException {
    return jdbi.inTransaction(h -> upsert(h, accountId, rows, listIds));
  }

  /** One batch inside the caller's transaction (a job also updates its status in it). */
  public Counts upsert(
      Handle h, long accountId, List<ContactInput> rows, Collection<String> listIds)
      throws SQLException {
    Connection c = h.getConnection();
    // Phase timings, logged at debug: where an upsert's time goes (see bench/README.md).
    long t0 = System.nanoTime();
    dialect.lockAccount(h, accountId);
    Set<String> fieldIds = customFieldIds(h, accountId, rows);
    long t1 = System.nanoTime();
    List<Long> lists = listSeqs(c, accountId, listIds);
    Matches index = new Matches();
    List<Target> loaded = load(c, accountId, rows, index);
    Map<Long, Set<Long>> memberships = lists.isEmpty() ? Map.of() : memberships(c, loaded);
    long t2 = System.nanoTime();
    long now = clock.millis();
    List<Target> touched = new ArrayList<>();
    Set<Target> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    List<RowError> errors = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      ContactInput row = rows.get(i);
      String deleted = deletedField(row, fieldIds);
      if (deleted != null) {
        errors.add(new RowError(i, "invalid custom field ids supplied - " + deleted));
        continue;
      }
      Target target = null;
      boolean conflict = false;
      for (Identifier id : IDENTIFIERS) {
        String v = row.identifier(id);
        Target t = v == null ? null : index.get(id, v);
        if (t != null) {
          if (target != null && target != t) {
            conflict = true;
          }
          target = t;
        }
      }
      if (conflict) {
        errors.add(
            new RowError(i, "identifiers of this contact belong to different existing contacts"));
        continue;
      }
      if (target == null) {
        target = new Target(null, newId(), new String[COLUMNS.size()], null, null);
      }
      if (!lists.isEmpty() && target.seq != null) {
        Set<Long> current = new HashSet<>(memberships.getOrDefault(target.seq, Set.of()));
        current.addAll(lists);
        if (current.size() > maxListsPerContact) {
          errors.add(
              new RowError(i, "a contact can belong to at most " + maxListsPerContact + " lists"));
          continue;
        }
      }
      for (Identifier id : IDENTIFIERS) {
        String old = target.values[IDENTIFIER_POSITION[id.ordinal()]];
        String v = row.identifier(id);
        if (v != null && old != null && !old.equals(v)) {
          index.remove(id, old);
        }
      }
      target.apply(row);
      for (Identifier id : IDENTIFIERS) {
        String v = row.identifier(id);
        if (v != null) {
          index.put(id, v, target);
        }
      }
      if (seen.add(target)) {
        touched.add(target);
      }
    }
    int fresh = 0;
    for (Target t : touched) {
      if (t.seq == null) {
        fresh++;
      }
    }
    long t3 = System.nanoTime();
    long[] seqs = allocateSeqs(c, fresh);
    long t4 = System.nanoTime();
    List<Target> inserts = new ArrayList<>(fresh);
    List<Target> updates = new ArrayList<>(touched.size() - fresh);
    for (Target t : touched) {
      if (t.seq == null) {
        t.seq = seqs[inserts.size()];
        inserts.add(t);
      } else {
        updates.add(t);
      }
    }
    insert(c, accountId, inserts, now);
    if (dialect.writesRowsAsArrays()) {
      writeArrays(c, accountId, updates, now);
    } else {
      writeBatches(c, accountId, updates, now);
    }
    long t5 = System.nanoTime();
    for (Long list : lists) {
      // New contacts cannot be in a list yet, so their links need no conflict check (on
      // PostgreSQL a plain INSERT costs a third of INSERT … ON CONFLICT); stored contacts get only
      // the links they lack, still guarded.
      appendLinks(c, list, inserts);
      List<Target> missing = new ArrayList<>();
      for (Target t : updates) {
        if (!memberships.getOrDefault(t.seq, Set.of()).contains(list)) {
          missing.add(t);
        }
      }
      missing.sort(Comparator.comparingLong(t -> t.seq));
      link(c, list, missing, true);
    }
    long t6 = System.nanoTime();
    log.debug(
        "upsert of {} rows: lock {} ms, lookup {} ms, merge {} ms, seqs {} ms, write {} ms, lists {} ms",
        rows.size(),
        (t1 - t0) / 1_000_000,
        (t2 - t1) / 1_000_000,
        (t3 - t2) / 1_000_000,
        (t4 - t3) / 1_000_000,
        (t5 - t4) / 1_000_000,
        (t6 - t5) / 1_000_000);
    return new Counts(inserts.size(), updates.size(), errors.size(), errors);
  }

  /**
   * The account's custom field ids, read under its lock, when a row carries custom fields: a batch
   * validated earlier (an import resolves its columns once, at its start) may name a field deleted
   * since, whose value must not be written back.
   */
  private static Set<String> customFieldIds(Handle h, long accountId, List<ContactInput> rows) {
    for (ContactInput row : rows) {
      if (!row.customFields().isEmpty()) {
        Set<String> ids = new HashSet<>();
        for (FieldDefinition f : FieldStore.list(h, accountId)) {
          ids.add(f.id());
        }
        return ids;
      }
    }
    return Set.of();
  }

  private static String deletedField(ContactInput row, Set<String> fieldIds) {
    for (String id : row.customFields().keySet()) {
      if (!fieldIds.contains(id)) {
        return id;
      }
    }
    return null;
  }

  private static int[] identifierPositions() {
    int[] out = new int[IDENTIFIERS.length];
    for (Identifier id : IDENTIFIERS) {
      out[id.ordinal()] = COLUMNS.indexOf(id.column());
    }
    return out;
  }

  private static Map<String, Integer> positions() {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < COLUMNS.size(); i++) {
      m.put(COLUMNS.get(i), i);
    }
    return Map.copyOf(m);
  }

  List<Long> listSeqs(Connection c, long accountId, Collection<String> listIds)
      throws SQLException {
    List<Long> seqs = new ArrayList<>();
    if (listIds.isEmpty()) {
      return seqs;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT seq FROM lists WHERE account_id = ? AND " + dialect.inList("id", "?"))) {
      ps.setLong(1, accountId);
      dialect.setList(c, ps, 2, listIds);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          seqs.add(rs.getLong(1));
        }
      }
    }
    return seqs;
  }

  private List<Target> load(Connection c, long accountId, List<ContactInput> rows, Matches index)
      throws SQLException {
    List<Target> loaded = new ArrayList<>();
    Map<Long, Target> bySeq = new HashMap<>();
    for (Identifier id : IDENTIFIERS) {
      // Sorted: the index is probed in key order, page after page (PostgreSQL probes in the
      // list's order; SQLite sorts an IN list itself).
      Set<String> values = new java.util.TreeSet<>();
      for (ContactInput row : rows) {
        String v = row.identifier(id);
        if (v != null) {
          values.add(v);
        }
      }
      if (values.isEmpty()) {
        continue;
      }
      String col = id.column();
      String where = dialect.keepInList("c." + col, "?") + "c.account_id = ?";
      try (PreparedStatement ps = c.prepareStatement(select + where)) {
        dialect.setList(c, ps, 1, values);
        ps.setLong(2, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long seq = rs.getLong(1);
            if (bySeq.containsKey(seq)) {
              continue;
            }
            String[] vals = new String[COLUMNS.size()];
            for (int i = 0; i < vals.length; i++) {
              vals[i] = rs.getString(3 + i);
            }
            Target t =
                new Target(
                    seq,
                    rs.getString(2),
                    vals,
                    rs.getString(3 + vals.length),
                    rs.getString(4 + vals.length));
            bySeq.put(seq, t);
            loaded.add(t);
            for (Identifier other : IDENTIFIERS) {
              String v = vals[IDENTIFIER_POSITION[other.ordinal()]];
              if (v != null) {
                index.put(other, v, t);
              }
            }
          }
        }
      }
    }
    return loaded;
  }

  private Map<Long, Set<Long>> memberships(Connection c, List<Target> loaded) throws SQLException {
    Map<Long, Set<Long>> out = new HashMap<>();
    if (loaded.isEmpty()) {
      return out;
    }
    List<Long> seqs = new ArrayList<>();
    for (Target t : loaded) {
      seqs.add(t.seq);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT contact_seq, list_seq FROM list_members WHERE "
                + dialect.inList("contact_seq", "?"))) {
      dialect.setList(c, ps, 1, seqs);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getLong(2));
        }
      }
    }
    return out;
  }

  /**
   * New contacts, with the seqs allocated for them, through the dialect's bulk append (a COPY on
   * PostgreSQL, multi-row INSERTs on SQLite): the lookup under the account's lock found none of
   * their identifiers, so no row can conflict.
   */
  private void insert(Connection c, long accountId, List<Target> inserts, long now)
      throws SQLException {
    int n = COLUMNS.size();
    Long account = accountId;
    Long at = now;
    dialect.appendRows(
        c,
        "contacts",
        INSERT_COLUMNS,
        inserts.size(),
        (row, col) -> {
          Target t = inserts.get(row);
          if (col >= 3 && col < 3 + n) {
            return t.values[col - 3];
          }
          return switch (col) {
            case 0 -> t.seq;
            case 1 -> account;
            case 2 -> t.id;
            default ->
                switch (col - 3 - n) {
                  case 0 -> t.alternatesJson();
                  case 1 -> t.customJson();
                  default -> at;
                };
          };
        });
  }

  /** Columns of {@link #insert}, in the order of its cells. */
  private static final List<String> INSERT_COLUMNS = insertColumns();

  private static List<String> insertColumns() {
    List<String> cols = new ArrayList<>(List.of("seq", "account_id", "id"));
    cols.addAll(COLUMNS);
    cols.addAll(List.of("alternate_emails", "custom_fields", "created_at", "updated_at"));
    return List.copyOf(cols);
  }

  /** New contacts cannot be in a list yet: their links are appended without a conflict check. */
  private void appendLinks(Connection c, long list, List<Target> inserts) throws SQLException {
    if (!dialect.appendsFasterThanBoundList()) {
      link(c, list, inserts, false);
      return;
    }
    Long l = list;
    dialect.appendRows(
        c,
        "list_members",
        LINK_COLUMNS,
        inserts.size(),
        (row, col) -> col == 0 ? l : inserts.get(row).seq);
  }

  private static final List<String> LINK_COLUMNS = List.of("list_seq", "contact_seq");

  /**
   * Stored contacts on an in-process database (SQLite): one prepared UPDATE run as a JDBC batch (no
   * round trips).
   */
  private void writeBatches(Connection c, long accountId, List<Target> updates, long now)
      throws SQLException {
    if (updates.isEmpty()) {
      return;
    }
    try (PreparedStatement upd = c.prepareStatement(update);
        PreparedStatement keep = c.prepareStatement(updateKeepingIdentifiers)) {
      boolean anyUpd = false;
      boolean anyKeep = false;
      for (Target t : updates) {
        boolean same = t.identifiersUnchanged();
        PreparedStatement ps = same ? keep : upd;
        int p = 1;
        for (int i = 0; i < t.values.length; i++) {
          if (!same || !IS_IDENTIFIER[i]) {
            setText(ps, p++, t.values[i]);
          }
        }
        setText(ps, p++, t.alternatesJson());
        setText(ps, p++, t.customJson());
        ps.setLong(p++, now);
        ps.setLong(p++, t.seq);
        ps.setLong(p, accountId);
        ps.addBatch();
        anyKeep |= same;
        anyUpd |= !same;
      }
      for (PreparedStatement ps :
          anyUpd && anyKeep ? List.of(upd, keep) : List.of(anyUpd ? upd : keep)) {
        for (int n : ps.executeBatch()) {
          if (n == 0) {
            throw new IllegalStateException(
                "a contact vanished while account " + accountId + " was locked");
          }
        }
      }
    }
  }

  /**
   * Stored contacts on a server database (PostgreSQL): one UPDATE for the whole batch, each column
   * sent as one array and spread by unnest, instead of a round trip (or a parse) per row.
   */
  private void writeArrays(Connection c, long accountId, List<Target> updates, long now)
      throws SQLException {
    int n = COLUMNS.size();
    String[] types = new String[n + 4];
    java.util.Arrays.fill(types, "text");
    types[0] = "bigint";
    String arrays = dialect.arrayRows(types);
    String names = "s, i, " + String.join(", ", COLUMNS) + ", ae, cf";
    if (!updates.isEmpty()) {
      StringBuilder set = new StringBuilder();
      for (String col : COLUMNS) {
        set.append(col).append(" = t.").append(col).append(", ");
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE contacts SET "
                  + set
                  + "alternate_emails = t.ae, custom_fields = t.cf, updated_at = ? FROM "
                  + arrays
                  + " AS t("
                  + names
                  + ") WHERE contacts.seq = t.s AND contacts.account_id = ?")) {
        ps.setLong(1, now);
        int next = bindColumns(c, ps, 2, updates);
        ps.setLong(next, accountId);
        int changed = ps.executeUpdate();
        if (changed != updates.size()) {
          throw new IllegalStateException(
              "updated "
                  + changed
                  + " of "
                  + updates.size()
                  + " contacts while account "
                  + accountId
                  + " was locked");
        }
      }
    }
  }

  /**
   * Binds seq, id, every column, alternate emails and custom fields as arrays; returns the next
   * index.
   */
  private static int bindColumns(Connection c, PreparedStatement ps, int first, List<Target> rows)
      throws SQLException {
    int size = rows.size();
    Long[] seqs = new Long[size];
    String[] ids = new String[size];
    String[][] cols = new String[COLUMNS.size()][size];
    String[] alternates = new String[size];
    String[] custom = new String[size];
    for (int r = 0; r < size; r++) {
      Target t = rows.get(r);
      seqs[r] = t.seq;
      ids[r] = t.id;
      for (int k = 0; k < cols.length; k++) {
        cols[k][r] = t.values[k];
      }
      alternates[r] = t.alternatesJson();
      custom[r] = t.customJson();
    }
    int p = first;
    ps.setArray(p++, c.createArrayOf("bigint", seqs));
    ps.setArray(p++, c.createArrayOf("text", ids));
    for (String[] col : cols) {
      ps.setArray(p++, c.createArrayOf("text", col));
    }
    ps.setArray(p++, c.createArrayOf("text", alternates));
    ps.setArray(p++, c.createArrayOf("text", custom));
    return p;
  }

  /** Links contacts (in ascending seq order, as the list's primary key grows) to one list. */
  private void link(Connection c, long list, List<Target> contacts, boolean mayExist)
      throws SQLException {
    if (contacts.isEmpty()) {
      return;
    }
    // "WHERE true": SQLite cannot otherwise tell the upsert clause from a join constraint.
    String onConflict = mayExist ? " WHERE true ON CONFLICT DO NOTHING" : "";
    List<Long> seqs = new ArrayList<>(contacts.size());
    for (Target t : contacts) {
      seqs.add(t.seq);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO list_members (list_seq, contact_seq) SELECT ?, v.value FROM "
                + dialect.listTable("?", "v")
                + onConflict)) {
      ps.setLong(1, list);
      dialect.setList(c, ps, 2, seqs);
      ps.executeUpdate();
    }
  }

  /** Seqs for {@code n} new contacts in one round trip, under the account's lock. */
  private long[] allocateSeqs(Connection c, int n) throws SQLException {
    return dialect.nextIds(c, "contacts", "seq", n);
  }

  /**
   * A UUID (version 7 layout): milliseconds first, then random bits. New ids sort by time, so the
   * unique index on ids grows at its end instead of splitting pages all over.
   */
  private String newId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (clock.millis() << 16) | 0x7000L | (r.nextInt() & 0x0FFFL);
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  private static void setText(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  /** The contacts of a batch by each identifier's value (one map per identifier type). */
  private static final class Matches {
    @SuppressWarnings("unchecked")
    private final Map<String, Target>[] byType = new Map[IDENTIFIERS.length];

    Matches() {
      for (int i = 0; i < byType.length; i++) {
        byType[i] = new HashMap<>();
      }
    }

    Target get(Identifier id, String value) {
      return byType[id.ordinal()].get(value);
    }

    void put(Identifier id, String value, Target t) {
      byType[id.ordinal()].put(value, t);
    }

    void remove(Identifier id, String value) {
      byType[id.ordinal()].remove(value);
    }
  }

  /** A contact being written: a stored one (seq set) or a new one. */
  private static final class Target {
    Long seq;
    final String id;
    final String[] values;
    String alternates;
    List<String> alternateList;
    String custom;
    Map<String, Object> customMap;

    /** The identifiers as stored (null for a new contact), to tell whether an UPDATE sets them. */
    private final String[] storedIdentifiers;

    Target(Long seq, String id, String[] values, String alternates, String custom) {
      this.seq = seq;
      this.id = id;
      this.values = values;
      if (seq == null) {
        this.storedIdentifiers = null;
      } else {
        this.storedIdentifiers = new String[IDENTIFIERS.length];
        for (int i = 0; i < IDENTIFIERS.length; i++) {
          storedIdentifiers[i] = values[IDENTIFIER_POSITION[i]];
        }
      }
      this.alternates = alternates;
      this.custom = custom;
    }

    void apply(ContactInput row) {
      for (Map.Entry<String, String> e : row.fields().entrySet()) {
        values[POSITION.get(e.getKey())] = e.getValue().isEmpty() ? null : e.getValue();
      }
      if (row.alternateEmails() != null) {
        alternateList = row.alternateEmails();
        alternates = null;
      }
      if (!row.customFields().isEmpty()) {
        if (customMap == null) {
          customMap = parse(custom);
        }
        customMap.putAll(row.customFields());
      }
    }

    boolean identifiersUnchanged() {
      if (storedIdentifiers == null) {
        return false;
      }
      for (int i = 0; i < IDENTIFIERS.length; i++) {
        if (!java.util.Objects.equals(storedIdentifiers[i], values[IDENTIFIER_POSITION[i]])) {
          return false;
        }
      }
      return true;
    }

    String alternatesJson() {
      if (alternateList != null) {
        return alternateList.isEmpty() ? null : Json.write(alternateList);
      }
      return alternates;
    }

    String customJson() {
      if (customMap != null) {
        return customMap.isEmpty() ? null : Json.write(customMap);
      }
      return custom;
    }

    private static Map<String, Object> parse(String json) {
      if (json == null || json.isEmpty()) {
        return new LinkedHashMap<>();
      }
      try {
        return Json.MAPPER.readValue(json, MAP);
      } catch (IOException e) {
        throw new IllegalStateException("stored custom_fields is not a JSON object", e);
      }
    }
  }

  static List<String> alternates(String json) {
    if (json == null || json.isEmpty()) {
      return List.of();
    }
    try {
      return Json.MAPPER.readValue(json, STRINGS);
    } catch (IOException e) {
      throw new IllegalStateException("stored alternate_emails is not a JSON array", e);
    }
  }
}
