package io.contactd.auth;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for a new subuser's username and email, used by {@code POST /v3/subusers} and by
 * {@code contactd subusers create}, so that the command line never makes a subuser the API would
 * refuse (and that the {@code on-behalf-of} header could then not name cleanly).
 */
public final class SubuserNames {
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,64}");

  private SubuserNames() {}

  /** Why {@code username} cannot name a subuser; empty when it can. */
  public static Optional<String> usernameProblem(String username) {
    return username != null && USERNAME.matcher(username).matches()
        ? Optional.empty()
        : Optional.of("username may use 1 to 64 letters, digits and . _ @ + -");
  }

  /** Why {@code email} cannot be a subuser's email; empty when it can. */
  public static Optional<String> emailProblem(String email) {
    return email != null && email.indexOf('@') > 0 && email.indexOf('@') < email.length() - 1
        ? Optional.empty()
        : Optional.of("email is not a valid email address");
  }
}
