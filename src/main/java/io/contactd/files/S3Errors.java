package io.contactd.files;

import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** S3 failures as the {@link IOException}s the rest of contactd handles for any store. */
final class S3Errors {
  private S3Errors() {}

  static IOException io(String operation, String key, SdkException e) {
    return new IOException("S3 " + operation + " " + key + " failed: " + describe(e), e);
  }

  /** S3's error code and status where it answered, else the client's own message. */
  static String describe(SdkException e) {
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
      String code = a.awsErrorDetails().errorCode();
      String message = a.awsErrorDetails().errorMessage();
      return a.statusCode()
          + (code != null ? " " + code : "")
          + (message != null ? ": " + message : "");
    }
    String message = e.getMessage();
    if (message != null && message.startsWith("Unable to load credentials")) {
      // The SDK lists every provider of its chain; the one line a person needs:
      return "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or an AWS"
          + " profile or instance role)";
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
