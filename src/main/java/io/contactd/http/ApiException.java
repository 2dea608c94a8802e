package io.contactd.http;

/**
 * A client mistake, answered with SendGrid's error body: {@code
 * {"errors":[{"field":…,"message":…}]}}. Thrown from routes and services; {@link ErrorMapper} turns
 * it into the response.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String field;

  public ApiException(int status, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.field = field;
  }

  public static ApiException badRequest(String field, String message) {
    return new ApiException(400, field, message);
  }

  public static ApiException notFound() {
    return new ApiException(404, null, "resource not found");
  }

  public static ApiException forbidden() {
    return new ApiException(403, null, "access forbidden");
  }

  public int status() {
    return status;
  }

  public String field() {
    return field;
  }
}
