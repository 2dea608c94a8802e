package io.contactd.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactd.segments.SegmentQuery.All;
import io.contactd.segments.SegmentQuery.Any;
import io.contactd.segments.SegmentQuery.ArrayContains;
import io.contactd.segments.SegmentQuery.Compare;
import io.contactd.segments.SegmentQuery.In;
import io.contactd.segments.SegmentQuery.IsNull;
import io.contactd.segments.SegmentQuery.Like;
import io.contactd.segments.SegmentQuery.Literal;
import io.contactd.segments.SegmentQuery.Not;
import io.contactd.segments.SegmentQuery.Operand;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryParserTest {
  private static final String HEAD = "SELECT contact_id, updated_at FROM contact_data WHERE ";

  @Test
  void and_binds_tighter_than_or_and_not_applies_to_the_next_condition() {
    SegmentQuery q = QueryParser.parse(HEAD + "NOT a = 'x' OR b = 'y' AND c = 'z'");
    assertThat(q.condition())
        .isEqualTo(
            new Any(
                List.of(
                    new Not(new Compare(new Operand("a", false), "=", Literal.of("x"))),
                    new All(
                        List.of(
                            new Compare(new Operand("b", false), "=", Literal.of("y")),
                            new Compare(new Operand("c", false), "=", Literal.of("z")))))));
  }

  @Test
  void keywords_and_names_are_case_insensitive_and_values_keep_their_case() {
    SegmentQuery q =
        QueryParser.parse(
            "select CONTACT_ID, Updated_At from Contact_Data As CD where LOWER(cd.First_Name) Like 'AnN%'");
    assertThat(q.condition()).isEqualTo(new Like(new Operand("first_name", true), false, "AnN%"));
  }

  @Test
  void every_predicate_form_parses() {
    SegmentQuery q =
        QueryParser.parse(
            HEAD
                + "a != 'x' AND b NOT IN (1, -2.5) AND c IS NOT NULL AND d NOT LIKE 'q'"
                + " AND array_contains(list_ids, ['l1', 'l2']) AND array_contains(alternate_emails, 'e')");
    assertThat(((All) q.condition()).parts())
        .containsExactly(
            new Compare(new Operand("a", false), "<>", Literal.of("x")),
            new In(
                new Operand("b", false),
                true,
                List.of(Literal.of(new BigDecimal("1")), Literal.of(new BigDecimal("-2.5")))),
            new IsNull(new Operand("c", false), true),
            new Like(new Operand("d", false), true, "q"),
            new ArrayContains("list_ids", List.of("l1", "l2")),
            new ArrayContains("alternate_emails", List.of("e")));
  }

  @Test
  void a_query_without_where_covers_every_contact() {
    assertThat(QueryParser.parse("SELECT contact_id, updated_at FROM contact_data").condition())
        .isNull();
  }

  @Test
  void doubled_quotes_are_one_quote_and_backslashes_stay() {
    SegmentQuery q = QueryParser.parse(HEAD + "a = 'O''Brien\\'");
    assertThat(q.condition())
        .isEqualTo(new Compare(new Operand("a", false), "=", Literal.of("O'Brien\\")));
  }

  @Test
  void nesting_at_the_bound_parses_and_one_more_level_is_refused() {
    int ok = QueryParser.MAX_DEPTH - 1;
    assertThat(QueryParser.parse(HEAD + "(".repeat(ok) + "a = 'x'" + ")".repeat(ok)).condition())
        .isInstanceOf(Compare.class);
    int tooDeep = QueryParser.MAX_DEPTH;
    assertThatThrownBy(
            () -> QueryParser.parse(HEAD + "(".repeat(tooDeep) + "a = 'x'" + ")".repeat(tooDeep)))
        .isInstanceOf(InvalidQuery.class)
        .hasMessageContaining("nests deeper");
  }

  @Test
  void very_deep_nesting_is_refused_without_exhausting_the_stack() {
    String deep = "(".repeat(100_000);
    assertThatThrownBy(() -> QueryParser.parse(HEAD + deep))
        .isInstanceOf(InvalidQuery.class)
        .hasMessageContaining("longer than");
    String deepNot = "NOT ".repeat(2000) + "a = 'x'";
    assertThatThrownBy(() -> QueryParser.parse(HEAD + deepNot))
        .isInstanceOf(InvalidQuery.class)
        .hasMessageContaining("nests deeper");
  }

  @Test
  void a_null_query_is_refused() {
    assertThatThrownBy(() -> QueryParser.parse(null))
        .isInstanceOf(InvalidQuery.class)
        .hasMessage("the query is empty");
  }
}
