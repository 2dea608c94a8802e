package io.contactd.client;

/**
 * A call to the server, or a transfer, that did not work out: its message is the one line a person
 * reads (what was tried, what answered), never the API key.
 */
public class ClientException extends RuntimeException {
  public ClientException(String line) {
    super(line);
  }

  public ClientException(String line, Throwable cause) {
    super(line, cause);
  }
}
