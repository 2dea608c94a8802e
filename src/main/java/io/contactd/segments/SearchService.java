package io.contactd.segments;

import io.contactd.http.ApiException;
import io.contactd.segments.SegmentStore.Evaluation;
import io.contactd.segments.SegmentStore.StatementTimedOut;
import java.time.Duration;
import java.util.List;

/**
 * {@code POST /contacts/search}: an SGQL v1 query ({@link SearchQueryParser}) compiled by the same
 * {@link QueryCompiler} as segments, so no text of it reaches SQL. A query contactd cannot run is
 * 400 naming the problem; one that runs past {@code timeout} is stopped in the database and answers
 * 408 (SendGrid: after 20 s).
 */
public final class SearchService {
  static final int RESULTS = 50;

  private final SegmentService segments;
  private final Duration timeout;

  public SearchService(SegmentService segments, Duration timeout) {
    this.segments = segments;
    this.timeout = timeout;
  }

  /** How many of the account's contacts match, and the ids of the first {@value #RESULTS}. */
  record Found(long count, List<String> ids) {}

  Found search(long accountId, String query) {
    CompiledQuery compiled;
    try {
      compiled =
          QueryCompiler.compile(
              segments.dialect(),
              accountId,
              SearchQueryParser.parse(query),
              segments.fields().list(accountId));
    } catch (InvalidQuery e) {
      throw ApiException.badRequest("query", e.getMessage());
    }
    try {
      Evaluation e = segments.store().evaluate(compiled, RESULTS, timeout);
      return new Found(e.count(), e.sampleIds());
    } catch (StatementTimedOut e) {
      throw new ApiException(
          408,
          "query",
          "the search ran longer than "
              + describe(timeout)
              + " and was stopped; narrow the query (a list, an exact email)");
    }
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
