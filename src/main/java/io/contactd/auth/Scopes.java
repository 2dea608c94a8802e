package io.contactd.auth;

import java.util.List;
import java.util.Set;

/**
 * The scope names contactd knows, and the any-of sets that routes require (contract §3.2). A key
 * without stored scopes has full access: every name in {@link #ALL}.
 */
public final class Scopes {
  public static final String MARKETING_READ = "marketing.read";
  public static final String MC_READ = "marketing_campaigns.read";
  public static final String MC_CREATE = "marketing_campaigns.create";
  public static final String MC_UPDATE = "marketing_campaigns.update";
  public static final String MC_DELETE = "marketing_campaigns.delete";

  /** What a full-access key reports from GET /v3/scopes, in this order. */
  public static final List<String> ALL =
      List.of(
          "api_keys.create",
          "api_keys.delete",
          "api_keys.read",
          "api_keys.update",
          MARKETING_READ,
          MC_CREATE,
          MC_DELETE,
          MC_READ,
          MC_UPDATE,
          "scopes.read",
          "subusers.create",
          "subusers.read");

  public static final Set<String> READ = Set.of(MARKETING_READ, MC_READ);
  public static final Set<String> CREATE = Set.of(MC_CREATE);
  public static final Set<String> UPDATE = Set.of(MC_UPDATE);
  public static final Set<String> DELETE = Set.of(MC_DELETE);

  /**
   * A CSV import is a create in the contract's mapping (§3.2); it also updates contacts, so keys
   * made for upserts keep working.
   */
  public static final Set<String> CREATE_OR_UPDATE = Set.of(MC_CREATE, MC_UPDATE);

  private Scopes() {}

  public static Set<String> of(String scope) {
    return Set.of(scope);
  }

  public static boolean known(String scope) {
    return ALL.contains(scope);
  }
}
