package io.contactd.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers by itself, before any route runs (a path with {@code %zz}, an encoded
 * NUL or bad UTF-8, a malformed header), in SendGrid's JSON shape instead of Jetty's HTML page, so
 * a client's error parsing works for every response.
 */
final class JettyErrors extends ErrorHandler {

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    byte[] body = json(code, message);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** Errors found while parsing the request line or headers, answered on the connection. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(json(status, reason));
  }

  private static byte[] json(int code, String reason) {
    // Jetty's reasons are fixed texts ("Bad UTF-8 encoding", "Ambiguous URI path encoding").
    boolean plain = reason == null || reason.isBlank() || reason.equalsIgnoreCase("Bad Request");
    String message =
        code == 400
            ? "invalid request" + (plain ? "" : ": " + reason)
            : reason == null || reason.isBlank() ? "request failed" : reason;
    return ErrorMapper.body(null, message).getBytes(StandardCharsets.UTF_8);
  }
}
