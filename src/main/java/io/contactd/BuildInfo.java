package io.contactd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and commit this build was made from, written into {@code contactd-build.properties}
 * by Maven (resource filtering and the commit the build ran at).
 */
public record BuildInfo(String version, String commit) {

  public static BuildInfo current() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/contactd-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String version = p.getProperty("version", "dev");
    String commit = p.getProperty("commit", "").strip();
    // Outside a git checkout the build writes no commit (or git's error): say "unknown".
    return new BuildInfo(
        version.startsWith("${") ? "dev" : version,
        commit.matches("[0-9a-f]{7,40}") ? commit : "unknown");
  }

  /** {@code 0.3.0 (1a2b3c4)}. */
  public String describe() {
    return version + " (" + commit + ")";
  }
}
