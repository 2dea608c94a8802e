package io.contactd.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactd.db.Database;
import io.contactd.fields.FieldDefinition;
import io.contactd.fields.FieldType;
import io.contactd.testing.Backend;
import io.contactd.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The query corpus against a real database with six known contacts of one account (and a decoy
 * contact and list of another account): each valid query must match exactly the listed contacts,
 * each invalid one must be refused with its message, and nothing may change the data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SegmentQueryCorpusContract {
  static final long ACCOUNT = 1001;
  static final long OTHER = 1002;
  static final String HEAD = "SELECT contact_id, updated_at FROM contact_data WHERE ";
  static final List<FieldDefinition> FIELDS =
      List.of(
          new FieldDefinition("e1_T", "tier", FieldType.Text),
          new FieldDefinition("e2_N", "Score", FieldType.Number),
          new FieldDefinition("e3_D", "birthday", FieldType.Date));

  abstract Backend backend();

  private Path dir;
  private Database db;

  @BeforeAll
  void createContacts() throws Exception {
    dir = Files.createTempDirectory("segments-corpus");
    db = Database.open(TestDatabases.url(backend(), dir));
    db.jdbi()
        .useTransaction(
            h -> {
              account(h, ACCOUNT, "corpus-a");
              account(h, OTHER, "corpus-b");
              insertContacts(h, ACCOUNT, OTHER);
            });
  }

  /**
   * The corpus's contacts: six of {@code account} in lists list-one and list-two, and a decoy of
   * {@code other} (with its own list). Custom fields are stored under the ids of {@link #FIELDS}.
   */
  static void insertContacts(Handle h, long account, long other) {
    list(h, account, "list-one");
    list(h, account, "list-two");
    list(h, other, "list-nine");
    contact(
        h,
        account,
        "c1",
        "ann@example.com",
        "Ann",
        "Lee",
        "Paris",
        "FR",
        null,
        "[\"ann@work.org\"]",
        "{\"e1_T\":\"gold\",\"e2_N\":10,\"e3_D\":\"1990-05-01T00:00:00Z\"}",
        "2024-01-01T00:00:00Z",
        "2024-06-01T00:00:00Z",
        "list-one");
    contact(
        h,
        account,
        "c2",
        "bob@example.com",
        "Bob",
        "O'Brien",
        "Berlin",
        "DE",
        null,
        "[\"bob@old.example.com\",\"b@work.org\"]",
        "{\"e1_T\":\"silver\",\"e2_N\":2.5,\"e3_D\":\"2000-01-15T00:00:00Z\"}",
        "2024-02-01T00:00:00Z",
        "2024-06-19T00:00:00Z",
        "list-one",
        "list-two");
    contact(
        h,
        account,
        "c3",
        "zoe@beispiel.de",
        "Zoë",
        "Ärger",
        "München",
        "DE",
        null,
        null,
        "{\"e1_T\":\"Gold\",\"e2_N\":-3}",
        "2024-03-01T00:00:00Z",
        "2024-07-01T00:00:00Z",
        "list-two");
    contact(
        h,
        account,
        "c4",
        "promo@test.io",
        "50%_off",
        null,
        null,
        null,
        null,
        null,
        null,
        "2024-04-01T00:00:00Z",
        "2024-04-01T00:00:00Z");
    contact(
        h,
        account,
        "c5",
        null,
        "ANN",
        "lee",
        "paris",
        "FR",
        "ext-5",
        null,
        "{\"e1_T\":\"bronze\",\"e2_N\":100}",
        "2023-12-31T23:59:59Z",
        "2024-01-01T00:00:00Z",
        "list-one");
    contact(
        h,
        account,
        "c6",
        "glob@test.io",
        "*?[x]",
        "back\\slash",
        "Paris",
        null,
        null,
        null,
        "{\"e3_D\":\"1990-05-01T00:00:00Z\"}",
        "2024-05-01T00:00:00Z",
        "2024-05-01T12:00:00Z");
    contact(
        h,
        other,
        "c9",
        "ann@example.com",
        "Ann",
        "Lee",
        "Paris",
        "FR",
        null,
        "[\"ann@work.org\"]",
        "{\"e1_T\":\"gold\",\"e2_N\":10}",
        "2024-01-01T00:00:00Z",
        "2024-06-01T00:00:00Z",
        "list-nine");
  }

  @AfterAll
  void close() {
    db.close();
  }

  static Stream<Case> valid() {
    return Stream.of(
        q("SELECT contact_id, updated_at FROM contact_data", "c1 c2 c3 c4 c5 c6"),
        q("select contact_id, updated_at from contact_data where city = 'Paris'", "c1 c6"),
        q(HEAD + "first_name = 'Ann'", "c1"),
        q(HEAD + "FIRST_NAME = 'ann'", ""),
        q(HEAD + "lower(first_name) = 'ann'", "c1 c5"),
        q(HEAD + "LOWER(First_Name) = 'ann'", "c1 c5"),
        q(HEAD + "first_name != 'Ann'", "c2 c3 c4 c5 c6"),
        q(HEAD + "first_name <> 'Ann'", "c2 c3 c4 c5 c6"),
        q(HEAD + "last_name IS NULL", "c4"),
        q(HEAD + "last_name is not null", "c1 c2 c3 c5 c6"),
        q(HEAD + "email IS NULL", "c5"),
        q(HEAD + "city IN ('Paris', 'Berlin')", "c1 c2 c6"),
        q(HEAD + "city NOT IN ('Paris', 'Berlin')", "c3 c5"),
        q(HEAD + "NOT city IN ('Paris')", "c2 c3 c5"),
        q(HEAD + "country NOT IN ('FR', 'DE')", ""),
        q(HEAD + "city = 'paris'", "c5"),
        q(HEAD + "city = 'München'", "c3"),
        q(HEAD + "first_name = 'Zoë'", "c3"),
        q(HEAD + "email LIKE '%@example.com'", "c1 c2"),
        q(HEAD + "email LIKE '%EXAMPLE%'", ""),
        q(HEAD + "lower(city) LIKE 'pa%'", "c1 c5 c6"),
        q(HEAD + "first_name LIKE 'A%'", "c1 c5"),
        q(HEAD + "first_name like 'a%'", ""),
        q(HEAD + "first_name LIKE 'A__'", "c1 c5"),
        q(HEAD + "first_name LIKE '_o_'", "c2 c3"),
        q(HEAD + "first_name LIKE 'Zo%'", "c3"),
        q(HEAD + "first_name LIKE '%'", "c1 c2 c3 c4 c5 c6"),
        q(HEAD + "first_name LIKE '50\\%%'", "c4"),
        q(HEAD + "first_name LIKE '%\\_%'", "c4"),
        q(HEAD + "first_name LIKE '%\\%\\_%'", "c4"),
        q(HEAD + "first_name LIKE '*%'", "c6"),
        q(HEAD + "first_name LIKE '%[x]'", "c6"),
        q(HEAD + "first_name LIKE '_?%'", "c6"),
        q(HEAD + "first_name LIKE '*'", ""),
        q(HEAD + "last_name LIKE 'back\\\\slash'", "c6"),
        q(HEAD + "last_name = 'back\\slash'", "c6"),
        q(HEAD + "last_name = 'O''Brien'", "c2"),
        q(HEAD + "last_name LIKE '%''%'", "c2"),
        q(HEAD + "first_name NOT LIKE 'A%'", "c2 c3 c4 c6"),
        q(HEAD + "last_name NOT LIKE 'L%'", "c2 c3 c5 c6"),
        q(HEAD + "lower(email) LIKE '%@test.io'", "c4 c6"),
        q(HEAD + "first_name > 'B'", "c2 c3"),
        q(HEAD + "first_name < 'a'", "c1 c2 c3 c4 c5 c6"),
        q(HEAD + "first_name >= 'Bob' AND first_name <= 'Bob'", "c2"),
        q(HEAD + "last_name > 'Z'", "c3 c5 c6"),
        q(HEAD + "updated_at < '2024-06-19T00:00:00Z'", "c1 c4 c5 c6"),
        q(HEAD + "updated_at <= '2024-06-19T00:00:00Z'", "c1 c2 c4 c5 c6"),
        q(HEAD + "created_at >= '2024-01-01'", "c1 c2 c3 c4 c6"),
        q(HEAD + "created_at > '2023-12-31T23:59:59Z'", "c1 c2 c3 c4 c6"),
        q(HEAD + "created_at = '2023-12-31T23:59:59Z'", "c5"),
        q(HEAD + "created_at < '2024-01-01T00:00:00'", "c5"),
        q(HEAD + "updated_at > '2024-05-01T13:00:00+01:00'", "c1 c2 c3"),
        q(HEAD + "updated_at IN ('2024-04-01', '2024-01-01T00:00:00Z')", "c4 c5"),
        q(HEAD + "array_contains(list_ids, 'list-one')", "c1 c2 c5"),
        q(HEAD + "array_contains(list_ids, ['list-one', 'list-two'])", "c1 c2 c3 c5"),
        q(HEAD + "ARRAY_CONTAINS(c.list_ids, ['list-two'])".replace("c.", ""), "c2 c3"),
        q(HEAD + "NOT array_contains(list_ids, 'list-two')", "c1 c4 c5 c6"),
        q(HEAD + "array_contains(list_ids, 'list-nine')", ""),
        q(HEAD + "array_contains(list_ids, 'no-such-list')", ""),
        q(HEAD + "array_contains(alternate_emails, 'b@work.org')", "c2"),
        q(HEAD + "array_contains(alternate_emails, ['ANN@WORK.ORG', 'x@y.z'])", "c1"),
        q(HEAD + "array_contains(email_domains, 'example.com')", "c1 c2"),
        q(HEAD + "array_contains(email_domains, 'work.org')", "c1 c2"),
        q(HEAD + "array_contains(email_domains, ['test.io', 'beispiel.de'])", "c3 c4 c6"),
        q(HEAD + "array_contains(email_domains, '%')", ""),
        q(HEAD + "tier = 'gold'", "c1"),
        q(HEAD + "TIER = 'gold'", "c1"),
        q(HEAD + "lower(tier) = 'gold'", "c1 c3"),
        q(HEAD + "tier <> 'gold'", "c2 c3 c5"),
        q(HEAD + "tier IS NULL", "c4 c6"),
        q(HEAD + "tier LIKE '%o%'", "c1 c3 c5"),
        q(HEAD + "score > 5", "c1 c5"),
        q(HEAD + "score >= 2.5", "c1 c2 c5"),
        q(HEAD + "score < 0", "c3"),
        q(HEAD + "score = 10", "c1"),
        q(HEAD + "score = 10.0", "c1"),
        q(HEAD + "score > -4 AND score < 3", "c2 c3"),
        q(HEAD + "score IN (10, 100)", "c1 c5"),
        q(HEAD + "score NOT IN (10)", "c2 c3 c5"),
        q(HEAD + "score IS NULL", "c4 c6"),
        q(HEAD + "score > 9", "c1 c5"),
        q(HEAD + "birthday = '1990-05-01'", "c1 c6"),
        q(HEAD + "birthday < '1995-01-01T00:00:00Z'", "c1 c6"),
        q(HEAD + "birthday > '05/01/1990'", "c2"),
        q(HEAD + "birthday IS NOT NULL", "c1 c2 c6"),
        q("SELECT contact_id, updated_at FROM contact_data AS c WHERE c.first_name = 'Bob'", "c2"),
        q(
            "select updated_at, contact_id from CONTACT_DATA cd"
                + " where cd.city = 'Berlin' and cd.country = 'DE'",
            "c2"),
        q(
            "SELECT c.contact_id, c.updated_at FROM contact_data c"
                + " WHERE array_contains(c.list_ids, 'list-one') AND c.updated_at < '2024-06-19T00:00:00Z'",
            "c1 c5"),
        q(HEAD + "first_name = 'Ann' OR first_name = 'Bob' AND city = 'Paris'", "c1"),
        q(HEAD + "(first_name = 'Ann' OR first_name = 'Bob') AND city = 'Berlin'", "c2"),
        q(HEAD + "NOT (city = 'Paris' OR city = 'Berlin')", "c3 c5"),
        q(HEAD + "NOT NOT first_name = 'Ann'", "c1"),
        q(HEAD + "((((first_name = 'Ann'))))", "c1"),
        q(HEAD + "contact_id = 'c3'", "c3"),
        q(HEAD + "contact_id = 'c9'", ""),
        q(HEAD + "external_id = 'ext-5'", "c5"),
        q(HEAD + "email = 'ann@example.com'", "c1"),
        q(HEAD + "first_name = '''; DROP TABLE contacts; --'", ""),
        q(HEAD + "first_name = 'Ann'' OR ''1''=''1'", ""),
        q(HEAD + "city = 'Paris\\' OR city = 'Berlin'", "c2"),
        q(HEAD + "first_name LIKE '%'' OR ''x''=''x'", ""),
        q(HEAD + "tier = 'gold'' OR 1=1'", ""));
  }

  static Stream<Case> invalid() {
    String deep = "(".repeat(500) + "first_name = 'a'" + ")".repeat(500);
    return Stream.of(
        q("", "the query is empty"),
        q("SELECT * FROM contact_data", "selects exactly contact_id, updated_at"),
        q("SELECT contact_id FROM contact_data", "expected ','"),
        q("SELECT contact_id, email FROM contact_data", "selects exactly contact_id, updated_at"),
        q("SELECT contact_id, updated_at FROM event_data", "event_data"),
        q("SELECT contact_id, updated_at FROM contacts", "unknown table contacts"),
        q("SELECT count(*), updated_at FROM contact_data", "function count is not supported"),
        q(
            "SELECT contact_id, updated_at FROM contact_data c JOIN event_data e ON contact_id",
            "joins are not supported"),
        q("SELECT x.contact_id, updated_at FROM contact_data c", "unknown table or alias x"),
        q(HEAD + "nosuch = 'x'", "unknown field nosuch"),
        q(HEAD + "first_name = 'x'; DROP TABLE contacts", "one statement"),
        q(HEAD + "first_name = 'x' -- comment", "comments are not allowed"),
        q(HEAD + "first_name = 'Ann\\' OR 1=1 --'", "comments are not allowed"),
        q(HEAD + "first_name = 'x' /* comment */", "comments are not allowed"),
        q(HEAD + "first_name = 'unterminated", "unterminated string"),
        q(HEAD + "first_name = 'it's'", "unterminated string starting at character"),
        q(HEAD + "first_name = \"Ann\"", "strings take single quotes"),
        q(HEAD + "first_name = ’Ann’", "unexpected character '’'"),
        q(HEAD + "count(first_name) > 1", "function count is not supported"),
        q(HEAD + "first_name = NULL", "IS NULL"),
        q(HEAD + "score = 'ten'", "score is a Number field"),
        q(HEAD + "first_name = 5", "first_name is text"),
        q(HEAD + "updated_at > 'yesterday'", "updated_at is a timestamp"),
        q(HEAD + "birthday = 'not a date'", "birthday is a Date field"),
        q(HEAD + "list_ids = 'x'", "list_ids is an array"),
        q(HEAD + "array_contains(first_name, 'x')", "first_name is not an array"),
        q(HEAD + "array_contains(nosuch, 'x')", "unknown field nosuch"),
        q(HEAD + "last_clicked > '2024-01-01'", "last_clicked is not supported"),
        q(HEAD + "array_contains(segment_ids, 'x')", "segment_ids is not supported"),
        q(HEAD + "x.first_name = 'a'", "unknown table or alias x"),
        q(HEAD + deep, "nests deeper than 50"),
        q(HEAD + "NOT ".repeat(60) + "first_name = 'a'", "nests deeper than 50"),
        q(HEAD + "first_name = '" + "a".repeat(10_000) + "'", "longer than 10000"),
        q(HEAD + "first_name LIKE 'abc\\'", "lone backslash"),
        q(
            HEAD + "first_name = 'a' SELECT contact_id, updated_at FROM contact_data",
            "unexpected 'SELECT'"),
        q(HEAD + "lower(score) = 'a'", "lower() needs a text field"),
        q(HEAD + "score LIKE '1%'", "LIKE needs a text field"),
        q(HEAD + "first_name", "expected a comparison"),
        q(HEAD + "(first_name = 'a'", "expected ')'"),
        q(HEAD + "first_name = 'a' AND", "expected a field name"),
        q(HEAD + "first_name IN ()", "expected a quoted string or a number"),
        q(HEAD + "first_name = 1.2.3", "malformed number"),
        q(HEAD + "first_name = 'a' \\ 'b'", "unexpected character '\\'"));
  }

  /** SGQL v1 (contact search) over the same contacts. */
  static Stream<Case> searchValid() {
    return Stream.of(
        q("first_name = 'Ann'", "c1"),
        q("email LIKE 'ann%' AND CONTAINS(list_ids, 'list-one')", "c1"),
        q("email LIKE '%@example.com'", "c1 c2"),
        q("email LIKE \"%@EXAMPLE.com\"", ""),
        q("LOWER(first_name) = 'ann'", "c1 c5"),
        q("lower(city) = \"paris\"", "c1 c5 c6"),
        q("CONTAINS(list_ids, 'list-two')", "c2 c3"),
        q("contains(list_ids, 'list-nine')", ""),
        q("NOT CONTAINS(list_ids, 'list-two')", "c1 c4 c5 c6"),
        q("CONTAINS(alternate_emails, 'b@work.org')", "c2"),
        q("CONTAINS(email_domains, 'test.io')", "c4 c6"),
        q("city IN ('Paris', 'Berlin')", "c1 c2 c6"),
        q("city NOT IN ('Paris')", "c2 c3 c5"),
        q("score BETWEEN 2.5 AND 10", "c1 c2"),
        q("score NOT BETWEEN 0 AND 10", "c3 c5"),
        q("first_name BETWEEN 'B' AND 'Bz'", "c2"),
        q("updated_at < TIMESTAMP '2024-06-19T00:00:00Z'", "c1 c4 c5 c6"),
        q("updated_at<TIMESTAMP \"2024-06-19T00:00:00Z\"", "c1 c4 c5 c6"),
        q("updated_at >= '2024-06-19T00:00:00Z'", "c2 c3"),
        q(
            "created_at BETWEEN TIMESTAMP '2024-01-01T00:00:00Z' AND TIMESTAMP '2024-03-01T00:00:00Z'",
            "c1 c2 c3"),
        q("birthday = TIMESTAMP '1990-05-01T00:00:00Z'", "c1 c6"),
        q("birthday > '1995-01-01'", "c2"),
        q("last_name IS NULL", "c4"),
        q("email IS NOT NULL AND tier IS NULL", "c4 c6"),
        q("first_name LIKE '50%%%'", "c4"),
        q("first_name LIKE '%_%'", "c4"),
        q("first_name LIKE 'A_n'", ""),
        q("first_name LIKE '*%'", "c6"),
        q("first_name LIKE '%[x]'", "c6"),
        q("last_name = 'O\\'Brien'", "c2"),
        q("last_name = \"O'Brien\"", "c2"),
        q("last_name = 'back\\\\slash'", "c6"),
        q("last_name LIKE 'back\\\\%'", "c6"),
        q("tier = 'gold' OR tier = 'silver'", "c1 c2"),
        q("`tier` = 'gold'", "c1"),
        q("(first_name = 'Ann' OR first_name = 'Bob') AND city = 'Berlin'", "c2"),
        q("score > 5 AND NOT (city = 'paris')", "c1"),
        q("first_name != 'Ann'", "c2 c3 c4 c5 c6"),
        q("first_name <> 'Ann'", "c2 c3 c4 c5 c6"),
        q("external_id = 'ext-5'", "c5"),
        q("contact_id = 'c3'", "c3"),
        q("contact_id = 'c9'", ""),
        q("first_name = 'x\\' OR \\'1\\'=\\'1'", ""),
        q("first_name = '\\'; DROP TABLE contacts; --'", ""),
        q("first_name = \"Ann\\\" OR \\\"x\\\"=\\\"x\"", ""));
  }

  static Stream<Case> searchInvalid() {
    String deep = "(".repeat(500) + "first_name = 'a'" + ")".repeat(500);
    return Stream.of(
        q("", "the query is empty"),
        q("SELECT contact_id, updated_at FROM contact_data", "not a SELECT"),
        q("first_name = 'x'; DELETE FROM contacts", "one statement"),
        q("first_name = 'x' -- c", "comments are not allowed"),
        q("first_name = 'x' /* c */", "comments are not allowed"),
        q("first_name = 'abc", "unterminated string"),
        q("first_name = 'x\\'", "unterminated string"),
        q("email LIKE 'a%' AND", "expected a field name"),
        q("nosuch = 'x'", "unknown field nosuch"),
        q("event_type = 'open'", "event_type is not supported"),
        q("LENGTH(first_name) > 3", "function LENGTH is not supported"),
        q("created_at > NOW()", "NOW is not supported"),
        q("score = 1 + 1", "unexpected character '+'"),
        q("score = 5 - 2", "arithmetic"),
        q("first_name = NULL", "IS NULL"),
        q("first_name = TIMESTAMP '2024-01-01T00:00:00Z'", "a TIMESTAMP compares"),
        q("updated_at > TIMESTAMP 'yesterday'", "updated_at is a timestamp"),
        q("CONTAINS(first_name, 'x')", "first_name is not an array"),
        q("CONTAINS(list_ids, 5)", "CONTAINS takes a quoted string"),
        q("c.first_name = 'x'", "qualified names"),
        q(deep, "nests deeper than 50"),
        q("first_name = ’Ann’", "unexpected character '’'"),
        q("first_name BETWEEN 'a'", "expected AND"),
        q("first_name = true", "no contact field is a boolean"),
        q("`tier = 'gold'", "unterminated or empty `name`"),
        q("city = 'Paris' OR 1=1", "expected a field name"),
        q("score = 'ten'", "score is a Number field"),
        q("first_name = 'a' first_name = 'b'", "unexpected 'first_name'"),
        q("tier = 'gold'' OR ''1''=''1'", "unexpected"));
  }

  /** One query of the corpus and what it must give: contact ids, or the error's message. */
  record Case(String query, String expected) {
    String name() {
      if (query.isEmpty()) {
        return "(empty)";
      }
      return query.length() > 120 ? query.substring(0, 120) + "…" : query;
    }
  }

  @TestFactory
  Stream<DynamicTest> valid_query_matches_exactly_its_contacts() {
    return valid()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> assertThat(matches(compile(c.query()))).isEqualTo(ids(c.expected()))));
  }

  @TestFactory
  Stream<DynamicTest> invalid_query_is_refused_naming_the_problem() {
    return invalid()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () ->
                        assertThatThrownBy(() -> compile(c.query()))
                            .isInstanceOf(InvalidQuery.class)
                            .hasMessageContaining(c.expected())));
  }

  @TestFactory
  Stream<DynamicTest> search_query_matches_exactly_its_contacts() {
    return searchValid()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () ->
                        assertThat(matches(compileSearch(c.query())))
                            .isEqualTo(ids(c.expected()))));
  }

  @TestFactory
  Stream<DynamicTest> invalid_search_query_is_refused_naming_the_problem() {
    return searchInvalid()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () ->
                        assertThatThrownBy(() -> compileSearch(c.query()))
                            .isInstanceOf(InvalidQuery.class)
                            .hasMessageContaining(c.expected())));
  }

  @Test
  void search_corpus_has_40_valid_queries_and_running_them_changes_nothing() {
    assertThat(searchValid().count()).isGreaterThanOrEqualTo(40);
    searchValid().forEach(c -> matches(compileSearch(c.query())));
    long contacts =
        db.jdbi()
            .withHandle(
                h -> h.createQuery("SELECT COUNT(*) FROM contacts").mapTo(Long.class).one());
    assertThat(contacts).isEqualTo(7);
  }

  private CompiledQuery compileSearch(String query) {
    return QueryCompiler.compile(db.dialect(), ACCOUNT, SearchQueryParser.parse(query), FIELDS);
  }

  private CompiledQuery compile(String query) {
    return QueryCompiler.compile(db.dialect(), ACCOUNT, QueryParser.parse(query), FIELDS);
  }

  @Test
  void corpus_has_80_valid_queries_and_running_them_changes_nothing() {
    assertThat(valid().count()).isGreaterThanOrEqualTo(80);
    valid().forEach(c -> matches(compile(c.query())));
    long contacts =
        db.jdbi()
            .withHandle(
                h -> h.createQuery("SELECT COUNT(*) FROM contacts").mapTo(Long.class).one());
    assertThat(contacts).isEqualTo(7);
  }

  @Test
  void no_text_of_the_query_reaches_the_sql() {
    String marker = "zzmarkerzz";
    CompiledQuery compiled =
        QueryCompiler.compile(
            db.dialect(),
            ACCOUNT,
            QueryParser.parse(
                HEAD
                    + "first_name = '"
                    + marker
                    + "' OR tier LIKE '"
                    + marker
                    + "%' OR array_contains(list_ids, '"
                    + marker
                    + "')"),
            FIELDS);
    assertThat(compiled.where())
        .doesNotContain(marker)
        .doesNotContain("tier")
        .doesNotContain("e1_T");
  }

  private Set<String> matches(CompiledQuery compiled) {
    return db.jdbi()
        .withHandle(
            h -> {
              Query query = h.createQuery("SELECT c.id FROM contacts c WHERE " + compiled.where());
              for (int i = 0; i < compiled.values().size(); i++) {
                query.bind(i, compiled.values().get(i));
              }
              return new TreeSet<>(query.mapTo(String.class).list());
            });
  }

  private static Set<String> ids(String expected) {
    return expected.isBlank() ? Set.of() : new TreeSet<>(List.of(expected.split(" ")));
  }

  private static Case q(String query, String expected) {
    return new Case(query, expected);
  }

  private static void account(Handle h, long id, String name) {
    h.execute(
        "INSERT INTO accounts (id, username, email, created_at) VALUES (?, ?, ?, 0)",
        id,
        name,
        name + "@example.org");
  }

  static void list(Handle h, long account, String id) {
    h.execute(
        "INSERT INTO lists (account_id, id, name, created_at, updated_at) VALUES (?, ?, ?, 0, 0)",
        account,
        id,
        id);
  }

  private static void contact(
      Handle h,
      long account,
      String id,
      String email,
      String firstName,
      String lastName,
      String city,
      String country,
      String externalId,
      String alternateEmails,
      String customFields,
      String createdAt,
      String updatedAt,
      String... lists) {
    h.createUpdate(
            "INSERT INTO contacts (account_id, id, email, first_name, last_name, city, country,"
                + " external_id, alternate_emails, custom_fields, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(0, account)
        .bind(1, id)
        .bind(2, email)
        .bind(3, firstName)
        .bind(4, lastName)
        .bind(5, city)
        .bind(6, country)
        .bind(7, externalId)
        .bind(8, alternateEmails)
        .bind(9, customFields)
        .bind(10, Instant.parse(createdAt).toEpochMilli())
        .bind(11, Instant.parse(updatedAt).toEpochMilli())
        .execute();
    for (String list : lists) {
      h.execute(
          "INSERT INTO list_members (list_seq, contact_seq) SELECT l.seq, c.seq FROM lists l, contacts c"
              + " WHERE l.account_id = ? AND l.id = ? AND c.account_id = ? AND c.id = ?",
          account,
          list,
          account,
          id);
    }
  }
}
