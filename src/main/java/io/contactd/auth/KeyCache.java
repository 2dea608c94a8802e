package io.contactd.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys requests present, kept in memory for at most {@code ttl} (1 s in the server), so that a
 * busy client costs no key query per request. The bound of revocation follows: a key deleted or
 * changed on this node is forgotten at once ({@link ApiKeyStore} tells this cache); one deleted or
 * changed on another node, or with {@code contactd keys delete}, is refused here within {@code
 * ttl}. Only keys that exist are kept (an unknown key is looked up every time, so a key created
 * elsewhere works at once), and an entry is dropped when read after its time, so the map holds the
 * keys in recent use. Times come from the infrastructure clock: moving business time must not keep
 * a revoked key alive.
 */
public final class KeyCache {
  /** A stored key with what every request derives from it. */
  record Entry(ApiKey key, Set<String> scopes, long loadedAt) {}

  /** Past this many entries the map is emptied (a flood of distinct valid keys is not expected). */
  private static final int MAX_ENTRIES = 100_000;

  private final ApiKeyStore keys;
  private final Clock clock;
  private final long ttlMillis;
  private final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();

  public KeyCache(ApiKeyStore keys, Clock infraClock, Duration ttl) {
    this.keys = keys;
    this.clock = infraClock;
    this.ttlMillis = ttl.toMillis();
    keys.onChange(this::forget);
  }

  /** The key with this id as stored at most {@code ttl} ago, or empty. */
  Optional<Entry> find(String id) {
    long now = clock.millis();
    Entry e = byId.get(id);
    if (e != null && now - e.loadedAt() < ttlMillis && now >= e.loadedAt()) {
      return Optional.of(e);
    }
    Optional<ApiKey> stored = keys.byId(id);
    if (stored.isEmpty()) {
      byId.remove(id);
      return Optional.empty();
    }
    if (byId.size() >= MAX_ENTRIES) {
      byId.clear();
    }
    Entry fresh = new Entry(stored.get(), Set.copyOf(stored.get().effectiveScopes()), now);
    byId.put(id, fresh);
    return Optional.of(fresh);
  }

  /**
   * Stores a new full-access key of {@code accountId} (dev mode's keys registered on first use) and
   * returns it as {@link #find} would. Two requests with the same new key at once: one insert wins,
   * the other fails, and both read the stored key back.
   */
  Optional<Entry> register(ApiKeySecret presented, long accountId, String name) {
    try {
      keys.insert(presented, accountId, name, null);
    } catch (RuntimeException e) {
      // The other request's insert won; the read below finds its key.
    }
    return find(presented.id());
  }

  /** Drops every key (a reset deleted keys with SQL of its own); they are read again on use. */
  public void clear() {
    byId.clear();
  }

  /** Drops a key changed or deleted on this node, so the change holds here at once. */
  void forget(String id) {
    byId.remove(id);
  }
}
