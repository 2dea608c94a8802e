package io.contactd.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The last requests this node answered (dev mode's {@code GET /_contactd/requests}): method, path,
 * status, duration, account and request id; never bodies, queries or keys, and the signature of a
 * signed file or upload URL is cut from its path. Held in this node's memory, newest last, at most
 * {@link #CAPACITY}: a journal per node, not per cluster.
 */
public final class RequestJournal {
  public static final int CAPACITY = 1000;

  /** {@code /files/<expires>/<signature>/…} and {@code /uploads/…}: the signature is a secret. */
  private static final Pattern SIGNED = Pattern.compile("^/(files|uploads)/[^/]+/[^/]+/");

  /** One answered request. */
  public record Entry(
      long atMillis,
      String method,
      String path,
      int status,
      long durationMillis,
      Long account,
      String requestId) {}

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();

  synchronized void add(Entry e) {
    if (entries.size() == CAPACITY) {
      entries.removeFirst();
    }
    entries.addLast(e);
  }

  /** The newest {@code limit} entries, newest first. */
  public synchronized List<Entry> latest(int limit) {
    List<Entry> out = new ArrayList<>(Math.min(limit, entries.size()));
    Iterator<Entry> it = entries.descendingIterator();
    while (it.hasNext() && out.size() < limit) {
      out.add(it.next());
    }
    return out;
  }

  public synchronized void clear() {
    entries.clear();
  }

  static String redact(String path) {
    return SIGNED.matcher(path).replaceFirst("/$1/…/…/");
  }
}
