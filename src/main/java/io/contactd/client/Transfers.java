package io.contactd.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads from and uploads to the signed URLs a server hands out (contactd's {@code /files/…} and
 * {@code /uploads/…}, S3 presigned URLs at SendGrid). These carry their own signature, so no
 * request here has an {@code Authorization} header: the API key never reaches the file host. URLs
 * are secrets for their lifetime too, so messages name the file, never the URL.
 */
public final class Transfers {
  private static final int MAX_ATTEMPTS = 6;
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
  private static final Pattern UNSATISFIED = Pattern.compile("bytes \\*/(\\d+)");

  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  /** What a finished download took: its size and how often a broken transfer was resumed. */
  public record Downloaded(long size, int resumes) {}

  /** A header an upload must carry, as {@code upload_headers} names it. */
  public record Header(String name, String value) {}

  /** Bytes as they arrive; a negative count when a restart throws bytes away. */
  public interface Bytes {
    void moved(long delta);

    /** The full size, once the server named it. */
    default void size(long size) {}
  }

  private final HttpClient http;
  private final Consumer<String> notices;

  Transfers(HttpClient http, Consumer<String> notices) {
    this.http = http;
    this.notices = notices;
  }

  /**
   * Downloads {@code url} into {@code target} (replacing it). A transfer that breaks is resumed
   * where it stopped with {@code Range} (and {@code If-Range} with the ETag, so a changed file
   * starts over); a server that answers a range with the whole file starts it over too.
   */
  public Downloaded download(URI url, String name, Path target, Bytes bytes) {
    long have = 0;
    long total = -1;
    String etag = null;
    int resumes = 0;
    try (FileChannel out =
        FileChannel.open(
            target,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int attempt = 1; ; attempt++) {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).GET();
        if (have > 0) {
          request.header("Range", "bytes=" + have + "-");
          if (etag != null) {
            request.header("If-Range", etag);
          }
        }
        HttpResponse<InputStream> response;
        try {
          response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
          retryOrFail(attempt, name, ApiClient.unreachable(e), e);
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ClientException("download of " + name + ": interrupted", e);
        }
        int status = response.statusCode();
        try (InputStream body = response.body()) {
          if (status == 416 && have > 0) {
            Matcher m =
                UNSATISFIED.matcher(response.headers().firstValue("Content-Range").orElse(""));
            if (m.matches() && Long.parseLong(m.group(1)) == have) {
              return new Downloaded(have, resumes); // it had all bytes already
            }
          }
          if (status == 429 || status == 500 || status == 502 || status == 503 || status == 504) {
            retryOrFail(attempt, name, "the file host answered " + status, null);
            continue;
          }
          if (status == 200) {
            if (have > 0) {
              notices.accept(name + ": the server sent the whole file again; starting over");
              bytes.moved(-have);
              have = 0;
              out.truncate(0);
              out.position(0);
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (total < 0 && length >= 0) {
              bytes.size(length);
            }
            total = length;
          } else if (status == 206) {
            Matcher m =
                CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
            if (!m.matches() || Long.parseLong(m.group(1)) != have) {
              throw new ClientException(
                  "download of " + name + ": the server answered a different range than asked");
            }
            if (!m.group(3).equals("*")) {
              total = Long.parseLong(m.group(3));
            }
          } else {
            throw new ClientException(
                "download of "
                    + name
                    + " answered "
                    + status
                    + (status == 403 || status == 404
                        ? " (the export's links expired or were removed?)"
                        : ""));
          }
          etag = response.headers().firstValue("ETag").orElse(etag);
          try {
            have += copy(body, out, bytes);
          } catch (IOException e) {
            have = out.size();
            retryOrFail(attempt, name, "the transfer broke after " + have + " bytes", e);
            resumes++;
            continue;
          }
          if (total >= 0 && have < total) {
            retryOrFail(attempt, name, "the transfer ended after " + have + " bytes", null);
            resumes++;
            continue;
          }
          return new Downloaded(have, resumes);
        }
      }
    } catch (IOException e) {
      throw new ClientException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Copies what arrives, counting as it goes; an exception leaves the bytes written so far. */
  private static long copy(InputStream in, FileChannel out, Bytes bytes) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long copied = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
      while (b.hasRemaining()) {
        out.write(b);
      }
      copied += n;
      bytes.moved(n);
    }
    return copied;
  }

  private void retryOrFail(int attempt, String name, String what, Exception cause) {
    if (attempt >= MAX_ATTEMPTS) {
      throw new ClientException(
          "download of " + name + ": " + what + ", " + attempt + " times; giving up", cause);
    }
    notices.accept(name + ": " + what + "; resuming");
    try {
      Thread.sleep(Math.min(8_000, 250L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("download of " + name + ": interrupted", e);
    }
  }

  /**
   * PUTs {@code file} to an upload URL with exactly the headers the server asked for (S3 checks
   * them against its signature) and a length, since presigned PUTs refuse chunked bodies.
   */
  public void upload(URI url, List<Header> headers, Path file, String name, Bytes bytes) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new ClientException("cannot read " + file + ": " + e.getMessage(), e);
    }
    bytes.size(size);
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofHours(1));
    for (Header h : headers) {
      if (!RESTRICTED.contains(h.name().toLowerCase(Locale.ROOT))) {
        request.header(h.name(), h.value());
      }
    }
    HttpRequest.BodyPublisher body =
        HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(() -> counted(file, bytes)), size);
    HttpResponse<String> response;
    try {
      response = http.send(request.PUT(body).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ClientException("upload of " + name + ": " + ApiClient.unreachable(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("upload of " + name + ": interrupted", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new ClientException("upload of " + name + " answered " + response.statusCode());
    }
  }

  private static InputStream counted(Path file, Bytes bytes) {
    try {
      InputStream in = Files.newInputStream(file);
      return new java.io.FilterInputStream(in) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            bytes.moved(n);
          }
          return n;
        }
      };
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
