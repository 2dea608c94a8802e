package io.contactd.client;

/** The server answered a JSON call with an error status; {@link #status()} says which. */
public final class ApiError extends ClientException {
  private final int status;

  ApiError(int status, String line) {
    super(line);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
