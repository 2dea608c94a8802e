package io.contactd.http;

/**
 * The public base URL of this server, for {@code _metadata.self} and download links. Known once the
 * server listens (a test's port 0 becomes a real port), so it is set once, right after start.
 */
public final class Links {
  private volatile String base;

  public void setBase(String base) {
    if (this.base != null) {
      throw new IllegalStateException("the public URL is set once");
    }
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  public String base() {
    if (base == null) {
      throw new IllegalStateException("the public URL is not known before the server listens");
    }
    return base;
  }

  /** {@code base + path}; path starts with "/". */
  public String to(String path) {
    return base() + path;
  }
}
