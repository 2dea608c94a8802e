package io.contactd.files;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where an S3 blob store lives, as {@code --blob-store} spells it: {@code
 * s3://BUCKET?endpoint=URL&region=R&path-style=true|false}. Without {@code endpoint} it is AWS
 * itself (region from {@code region}, else {@code AWS_REGION} or the AWS profile); with one it is
 * an S3-compatible server (MinIO, s3proxy, Ceph, R2…), addressed path-style unless {@code
 * path-style=false}, since such servers rarely have a DNS name per bucket.
 *
 * @param bucket the bucket; created by the operator, contactd never creates buckets
 * @param endpoint the S3 API's base URL, or null for AWS
 * @param region the signing region, or null to let the AWS region chain decide
 * @param pathStyle {@code https://host/bucket/key} instead of {@code https://bucket.host/key}
 */
public record S3Location(String bucket, URI endpoint, String region, boolean pathStyle) {
  /** What S3 accepts as a bucket name (3–63 of lower-case letters, digits, dots and hyphens). */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private static final String FORM =
      "s3://BUCKET[?endpoint=URL&region=REGION&path-style=true|false]";

  /** True when {@code value} names an S3 store (as opposed to the local folder). */
  public static boolean isS3(String value) {
    return value != null && value.startsWith("s3://");
  }

  /** Parses {@code --blob-store}; the message of a bad value names the option and the form. */
  public static S3Location parse(String value) {
    if (!isS3(value)) {
      throw invalid(value, "it must start with s3://");
    }
    String rest = value.substring("s3://".length());
    int q = rest.indexOf('?');
    String bucket = q < 0 ? rest : rest.substring(0, q);
    if (bucket.endsWith("/")) {
      bucket = bucket.substring(0, bucket.length() - 1);
    }
    if (!BUCKET.matcher(bucket).matches()) {
      throw invalid(value, "'" + bucket + "' is not a bucket name");
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : rest.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (!name.equals("endpoint") && !name.equals("region") && !name.equals("path-style")) {
          throw invalid(value, "unknown parameter '" + name + "'");
        }
        params.put(name, v);
      }
    }
    URI endpoint = null;
    if (params.containsKey("endpoint")) {
      try {
        endpoint = URI.create(params.get("endpoint"));
      } catch (IllegalArgumentException e) {
        throw invalid(value, "endpoint is not a URL");
      }
      if (endpoint.getHost() == null
          || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
        throw invalid(value, "endpoint must be an http:// or https:// URL");
      }
    }
    String region = params.get("region");
    if (region != null && !region.matches("[a-z0-9-]{1,64}")) {
      throw invalid(value, "region must look like eu-west-1");
    }
    boolean pathStyle = endpoint != null;
    String style = params.get("path-style");
    if (style != null) {
      if (!style.equals("true") && !style.equals("false")) {
        throw invalid(value, "path-style must be true or false");
      }
      pathStyle = style.equals("true");
    }
    return new S3Location(bucket, endpoint, region, pathStyle);
  }

  private static IllegalArgumentException invalid(String value, String why) {
    return new IllegalArgumentException(
        "--blob-store must be " + FORM + " (" + why + "), was " + value);
  }

  /**
   * The origin that presigned URLs point at ({@code https://bucket.host} or the endpoint's own), so
   * the dashboard's Content-Security-Policy can let the browser upload there; empty for AWS without
   * a region (the host is then only known to the SDK's region lookup).
   */
  public java.util.Optional<String> urlOrigin() {
    if (endpoint == null) {
      return region == null
          ? java.util.Optional.empty()
          : java.util.Optional.of("https://" + bucket + ".s3." + region + ".amazonaws.com");
    }
    String port = endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort();
    String host = pathStyle ? endpoint.getHost() : bucket + "." + endpoint.getHost();
    return java.util.Optional.of(endpoint.getScheme() + "://" + host + port);
  }

  /** The form that {@link #parse} reads back, for the start-up line. */
  public String describe() {
    StringBuilder s = new StringBuilder("s3://").append(bucket);
    String sep = "?";
    if (endpoint != null) {
      s.append(sep).append("endpoint=").append(endpoint);
      sep = "&";
    }
    if (region != null) {
      s.append(sep).append("region=").append(region);
      sep = "&";
    }
    s.append(sep).append("path-style=").append(pathStyle);
    return s.toString();
  }
}
