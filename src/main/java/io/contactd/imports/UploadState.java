package io.contactd.imports;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The life of an import's upload URL: {@code waiting} until the first PUT claims it, {@code
 * receiving} while the bytes stream in (the receiving node refreshes {@code upload_seen_at}), then
 * {@code received} (the job is queued) or {@code refused} (too large, interrupted, expired unused,
 * or its node went away mid-upload; the job failed), and finally {@code cleaned} once the finished
 * import's files are deleted. The URL works only in {@code waiting}, which makes it single-use even
 * when two PUTs race. An upload sent straight to the object store (S3 presigned PUT) skips {@code
 * receiving}: contactd sees only the complete object, and moves {@code waiting → received} (pinning
 * that object) or {@code waiting → refused} (too large) when it first finds it.
 */
enum UploadState {
  WAITING,
  RECEIVING,
  RECEIVED,
  REFUSED,
  CLEANED;

  private static final Map<UploadState, Set<UploadState>> NEXT =
      Map.of(
          WAITING, Set.of(RECEIVING, RECEIVED, REFUSED),
          RECEIVING, Set.of(RECEIVED, REFUSED),
          RECEIVED, Set.of(CLEANED),
          REFUSED, Set.of(CLEANED),
          CLEANED, Set.of());

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static UploadState of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }

  static void require(UploadState from, UploadState to) {
    if (!NEXT.get(from).contains(to)) {
      throw new IllegalArgumentException("an upload does not go from " + from + " to " + to);
    }
  }
}
