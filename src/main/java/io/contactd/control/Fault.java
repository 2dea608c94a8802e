package io.contactd.control;

/**
 * One fault rule. {@code kind} is {@code export} or {@code import} (matched when such a job starts,
 * optionally for one account) or {@code http} (matched by method and path). {@code remaining} null
 * means until deleted.
 */
record Fault(
    String id,
    String kind,
    Long accountId,
    String method,
    String path,
    String action,
    Integer status,
    String message,
    Integer seconds,
    Integer remaining,
    long createdAt) {

  static final String HTTP = "http";

  /** A path ending in {@code *} matches every path it starts; otherwise the path exactly. */
  boolean matchesRequest(String requestMethod, String requestPath) {
    if (method != null && !method.equalsIgnoreCase(requestMethod)) {
      return false;
    }
    return path.endsWith("*")
        ? requestPath.startsWith(path.substring(0, path.length() - 1))
        : requestPath.equals(path);
  }

  boolean matchesJob(String jobKind, long jobAccount) {
    return kind.equals(jobKind) && (accountId == null || accountId == jobAccount);
  }
}
